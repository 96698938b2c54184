import fp from 'fastify-plugin';
import { AuditWriter } from '../access/audit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Views of named people, written down in batches (docs/privacy.md). */
    audit: AuditWriter;
  }
}

export default fp(
  async (app) => {
    const audit = new AuditWriter(app.store);
    app.decorate('audit', audit);
    app.addHook('onClose', async () => audit.flush());
  },
  { name: 'helpflow-audit', dependencies: ['helpflow-settings'] },
);

import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Exact } from '../../api/responses.ts';
import { errorResponses } from '../../api/schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
import { readSyncStatus } from '../../sync/status.ts';

const sync: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst'] },
      schema: {
        summary: 'The configured live sources: last sync, lag and errors',
        description:
          'Sources sync on a schedule when the server runs with `--sync-every MINUTES` ' +
          '(configured in helpflow.config.json, see `helpflow sync`).',
        tags: ['imports'],
        response: {
          200: Exact({
            scheduled: Type.Boolean(),
            intervalMinutes: Nullable(Type.Number()),
            sources: Type.Array(
              Exact({
                name: Type.String(),
                connector: Type.String(),
                origin: Type.String(),
                lastRunAt: Nullable(Type.String()),
                lastRunStatus: Nullable(Type.String()),
                lastSuccessAt: Nullable(Type.String()),
                lagSeconds: Nullable(Type.Integer()),
                lastError: Nullable(Type.String()),
                cursorUpdatedAt: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const schedule = app.config.sync;
      if (!schedule) return { scheduled: false, intervalMinutes: null, sources: [] };
      return {
        scheduled: true,
        intervalMinutes: schedule.intervalMs / 60_000,
        sources: await readSyncStatus(app.store, schedule.config),
      };
    },
  );
};

export default sync;

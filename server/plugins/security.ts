import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * Security headers (helmet), and `Cache-Control: no-store` on the API: its responses name people
 * and must not stay in a browser's or a proxy's cache. CORS stays off: the dashboard is served
 * from the same origin, and other origins are refused by browsers. Rate limits are in
 * rate-limits.ts.
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          // The API docs page (swagger-ui) uses inline styles; nothing uses inline scripts.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          // helpflow is often served over plain HTTP (127.0.0.1, a LAN address without TLS in
          // front): this directive would send the browser to https:// for the app's own scripts.
          'upgrade-insecure-requests': null,
        },
      },
      // Browsers ignore Cross-Origin-Opener-Policy on plain-HTTP origins, and warn about it.
      crossOriginOpenerPolicy: false,
    });
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    });
  },
  { name: 'helpflow-security' },
);

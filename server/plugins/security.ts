import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/**
 * Security headers (helmet) and rate limiting per token, else per address. CORS stays off: the
 * dashboard is served from the same origin, and other origins are refused by browsers.
 */
export default fp(
  async (app, options: { rateLimit: number }) => {
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
    if (options.rateLimit > 0) {
      await app.register(rateLimit, {
        max: options.rateLimit,
        timeWindow: '1 minute',
        keyGenerator: (request) => request.headers.authorization ?? request.ip,
      });
    }
  },
  { name: 'helpflow-security' },
);

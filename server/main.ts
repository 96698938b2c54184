import type { FastifyServerOptions } from 'fastify';
import { buildApp, type AppOptions } from './app.ts';

/**
 * The server process: build the app, listen, and close gracefully on SIGINT/SIGTERM (in-flight
 * requests and a running import finish; the analytics worker stops; the database closes).
 */
export interface ServeOptions extends Omit<AppOptions, 'logger'> {
  port: number;
  host: string;
  logger?: FastifyServerOptions['logger'];
}

export async function serve(options: ServeOptions) {
  const app = await buildApp({
    ...options,
    logger: options.logger ?? { level: process.env.HELPFLOW_LOG_LEVEL ?? 'warn' },
  });
  await app.listen({ port: options.port, host: options.host });
  app.analytics.warmUp(app.startupRetention);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      app.log.warn(`${signal}: closing`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      void app.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return { app, url, stopped };
}

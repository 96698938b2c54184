import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import auth from './plugins/auth.ts';
import docs from './plugins/docs.ts';
import errors from './plugins/errors.ts';
import groupFilters from './plugins/group-filters.ts';
import rateLimits from './plugins/rate-limits.ts';
import security from './plugins/security.ts';
import sso from './plugins/sso.ts';
import brief from './routes/brief/index.ts';
import communities from './routes/communities/index.ts';
import experts from './routes/experts/index.ts';
import exportRoute from './routes/export/index.ts';
import flows from './routes/flows/index.ts';
import graph from './routes/graph/index.ts';
import health from './routes/health/index.ts';
import imports from './routes/imports/index.ts';
import isolation from './routes/isolation/index.ts';
import people from './routes/people/index.ts';
import session from './routes/session/index.ts';
import sync from './routes/sync/index.ts';
import tokens from './routes/tokens/index.ts';
import trends from './routes/trends/index.ts';
import analytics from './services/analytics.ts';
import audit from './services/audit.ts';
import caches from './services/caches.ts';
import importJobs from './services/imports.ts';
import settings, { DEFAULT_API_CONFIG, type ApiConfig } from './services/settings.ts';
import tokenHolders from './services/tokens.ts';
import viewers from './services/viewers.ts';
import type { Store } from './store/database.ts';
import './plugins/types.ts';

export interface AppOptions {
  store: Store;
  config?: Partial<ApiConfig>;
  logger?: FastifyServerOptions['logger'];
  /** Extra plugins (the dashboard's static files), registered after the API. */
  extend?: (app: FastifyInstance) => Promise<void>;
  /** Told of every route as it is registered (the privacy tests enumerate them). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * The API (in the fastify/demo way): this file composes plugins and routes; server/main.ts
 * owns the process (listen, signals, logger). Tests build the app and listen on a free port.
 */
export async function buildApp(options: AppOptions) {
  const config = { ...DEFAULT_API_CONFIG, ...options.config };
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  // The services the routes share, one plugin each, in the order of their dependencies.
  await app.register(settings, { store: options.store, config });
  await app.register(caches);
  await app.register(tokenHolders);
  await app.register(audit);
  await app.register(viewers);
  await app.register(analytics);
  await app.register(importJobs);

  await app.register(errors);
  await app.register(security);
  await app.register(rateLimits, {
    requests: config.rateLimit,
    failures: config.signInFailures,
  });
  await app.register(docs);
  await app.register(multipart, {
    limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 },
  });
  // Sign-in by session cookie first: the auth plugin then sees a viewer and only checks roles.
  await app.register(sso);
  await app.register(auth);
  await app.register(groupFilters);

  const routes = {
    health,
    people,
    graph,
    isolation,
    experts,
    flows,
    communities,
    trends,
    brief,
    imports,
    session,
    sync,
    tokens,
    export: exportRoute,
  };
  await app.register(
    async (api) => {
      for (const [path, route] of Object.entries(routes)) {
        await api.register(route, { prefix: `/${path}` });
      }
    },
    { prefix: '/api/v1' },
  );
  if (options.extend) await options.extend(app);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

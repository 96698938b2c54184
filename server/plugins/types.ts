import type { Viewer } from '../access/viewer.ts';
import type { Role } from '../access/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request; set by the auth plugin on every route that names `roles`. */
    viewer: Viewer;
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route; a route without it is public (health, docs). */
    roles?: readonly Role[];
  }
}

// Route-level typing shared by every plugin: each route declares the permission it needs.
import type { Principal } from '../auth/auth-service.js';
import type { RoutePermission } from '../auth/permissions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs, or 'public'. Routes under /api, /ws and /metrics must declare one. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** The authenticated caller; set before the handler on every non-public route. */
    principal?: Principal;
  }
}

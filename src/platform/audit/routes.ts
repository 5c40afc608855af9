// Audit routes: read recent records and verify the hash chain.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { AuditLog } from './audit-log.js';

const Item = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceType: Type.Union([Type.String(), Type.Null()]),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

/** GET /audit and GET /audit/verify, behind audit:read. */
export function auditRoutes(audit: AuditLog): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Item) }) },
        },
      },
      async (request) => {
        const rows = await audit.recent((request.query as { limit: number }).limit);
        return {
          items: rows.map((r) => ({
            id: r.id,
            at: r.createdAt.toISOString(),
            actor: r.userId,
            action: r.action,
            resourceType: r.resourceType,
            resourceId: r.resourceId,
            outcome: r.outcome,
            ip: r.ipAddress,
            requestId: r.requestId,
          })),
        };
      },
    );
    app.get(
      '/audit/verify',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          response: {
            200: Type.Object({
              ok: Type.Boolean(),
              checked: Type.Integer(),
              firstBroken: Type.Optional(Type.Object({ id: Type.Integer(), reason: Type.String() })),
            }),
          },
        },
      },
      async () => audit.verify(),
    );
  };
}

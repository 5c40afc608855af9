// HTTP routes for alert rules and events. Thin: schema in, one service call, result or problem out.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Err } from '../../kernel/index.js';
import { Problem, registerErrorCodes, unwrap } from '../../platform/http/errors.js';
import { alertLimits, alertServiceLimits as limits } from './limits.js';
import type { AlertService, RuleInput, RuleInputInvalid } from './service.js';

registerErrorCodes({
  alert_rule_invalid: 400,
  alert_rule_not_found: 404,
  alert_event_not_found: 404,
  alert_rules_above_max: 409,
});

const strict = { additionalProperties: false } as const;
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);
// Types and sizes here; ranges, conditions and cross-field rules come from the core validator with field names.
const RuleBody = Type.Object(
  {
    metric: Type.String({ minLength: 1, maxLength: alertLimits.metricNameLengthMax }),
    condition: Type.String({ description: "one of '>', '<', 'crosses', 'rate_of_change', 'zscore'" }),
    threshold: Type.Number(),
    severity: Type.String({ description: 'info, warning or critical' }),
    enabled: Type.Optional(Type.Boolean()),
    cooldownSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
    direction: Type.Optional(Type.String({ description: 'up, down or any (crosses, rate_of_change, zscore)' })),
    windowMs: Type.Optional(Type.Number({ description: 'rate_of_change window' })),
    windowSize: Type.Optional(Type.Number({ description: 'zscore baseline samples' })),
    webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: limits.webhookUrlLengthMax }), Type.Null()])),
  },
  strict,
);

function userOf(request: FastifyRequest): string {
  if (!request.principal) throw new Problem('unauthenticated');
  return request.principal.userId;
}

/** Throws rule validation failures with every issue in problem.errors; other results go through unwrap. */
function check<T>(result: { ok: true; value: T } | Err | RuleInputInvalid): T {
  if (!result.ok && 'issues' in result) {
    const errors = result.issues.map((i) => ({ field: i.field, code: i.code, message: i.detail }));
    throw new Problem(result.code, result.detail, 400, errors);
  }
  return unwrap(result);
}

/** /alerts/rules and /alerts/events. */
export function alertRoutes(service: AlertService): FastifyPluginAsync {
  return async (app) => {
    const tags = ['alerts'];
    app.get('/alerts/rules', { config: { permission: 'alerts:read' }, schema: { tags } }, async () => ({
      items: await service.listRules(),
    }));
    app.post(
      '/alerts/rules',
      { config: { permission: 'alerts:manage' }, schema: { tags, body: RuleBody } },
      async (request, reply) =>
        reply.code(201).send(check(await service.createRule(userOf(request), request.body as RuleInput))),
    );
    app.put(
      '/alerts/rules/:id',
      { config: { permission: 'alerts:manage' }, schema: { tags, params: Id, body: RuleBody } },
      async (request) =>
        check(await service.updateRule((request.params as { id: number }).id, request.body as RuleInput)),
    );
    app.delete(
      '/alerts/rules/:id',
      { config: { permission: 'alerts:manage' }, schema: { tags, params: Id } },
      async (request, reply) => {
        unwrap(await service.deleteRule((request.params as { id: number }).id));
        return reply.code(204).send();
      },
    );
    app.get(
      '/alerts/events',
      {
        config: { permission: 'alerts:read' },
        schema: {
          tags,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.eventsPageMax })),
              unacknowledged: Type.Optional(Type.Boolean()),
              cursor: Type.Optional(Type.String({ maxLength: 20 })),
            },
            strict,
          ),
        },
      },
      async (request) => unwrap(await service.listEvents(request.query as never)),
    );
    app.post(
      '/alerts/events/:id/acknowledge',
      { config: { permission: 'alerts:manage' }, schema: { tags, params: Id } },
      async (request) => unwrap(await service.acknowledge(userOf(request), (request.params as { id: number }).id)),
    );
  };
}

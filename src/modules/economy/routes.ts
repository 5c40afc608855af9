// HTTP routes for simulations and saved configurations. Thin: schema in, one service call, result or problem out.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Err } from '../../kernel/index.js';
import { Problem, registerErrorCodes, unwrap } from '../../platform/http/errors.js';
import { simulationServiceLimits as limits } from './limits.js';
import type { Actor, CreateRunInput, SimulationInvalid, SimulationService } from './service.js';

registerErrorCodes({
  simulation_params_invalid: 400,
  cursor_invalid: 400,
  simulation_not_found: 404,
  simulation_config_not_found: 404,
  simulation_config_name_taken: 409,
  simulation_configs_above_max: 409,
});

const strict = { additionalProperties: false } as const;
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);
const Resolution = Type.Integer({
  minimum: limits.resolutionMin,
  maximum: limits.storedPointsMax,
  description: `points per series to downsample to (default ${limits.resolutionDefault})`,
});
// Parameters are checked by the core validator, which names every bad field; the schema only bounds the shape.
const CreateBody = Type.Object(
  {
    parameters: Type.Optional(Type.Unknown({ description: 'SimulationParams (see the economy README)' })),
    configId: Type.Optional(Type.Integer({ minimum: 1 })),
    monteCarlo: Type.Optional(Type.Object({ paths: Type.Unknown() }, strict)),
  },
  strict,
);
const ConfigBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: limits.configNameLengthMax }), parameters: Type.Unknown() },
  strict,
);

function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new Problem('unauthenticated');
  return { userId: request.principal.userId, role: request.principal.role };
}

/** Throws validation failures with every issue in problem.errors; passes other results through unwrap. */
function check<T>(result: { ok: true; value: T } | Err | SimulationInvalid): T {
  if (!result.ok && 'issues' in result) {
    const errors = result.issues.map((i) => ({ field: i.field, code: i.code, message: i.detail }));
    throw new Problem(result.code, result.detail, 400, errors);
  }
  return unwrap(result);
}

/** /simulations and /simulation-configs. */
export function economyRoutes(service: SimulationService): FastifyPluginAsync {
  return async (app) => {
    const tags = ['economy'];
    app.post(
      '/simulations',
      {
        config: { permission: 'simulation:run' },
        schema: { tags, body: CreateBody, querystring: Type.Object({ resolution: Type.Optional(Resolution) }, strict) },
      },
      async (request, reply) => {
        const { resolution } = request.query as { resolution?: number };
        const run = check(await service.create(actorOf(request), request.body as CreateRunInput, resolution));
        return reply.code(201).send(run);
      },
    );
    app.get(
      '/simulations',
      {
        config: { permission: 'simulation:read' },
        schema: {
          tags,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax })),
              cursor: Type.Optional(Type.String({ maxLength: 20 })),
            },
            strict,
          ),
        },
      },
      async (request) => {
        const { limit, cursor } = request.query as { limit?: number; cursor?: string };
        return unwrap(await service.list(actorOf(request), limit, cursor));
      },
    );
    app.get(
      '/simulations/:id',
      {
        config: { permission: 'simulation:read' },
        schema: { tags, params: Id, querystring: Type.Object({ resolution: Type.Optional(Resolution) }, strict) },
      },
      async (request) => {
        const { resolution } = request.query as { resolution?: number };
        return unwrap(await service.get(actorOf(request), (request.params as { id: number }).id, resolution));
      },
    );
    app.delete(
      '/simulations/:id',
      { config: { permission: 'simulation:run' }, schema: { tags, params: Id } },
      async (request, reply) => {
        unwrap(await service.remove(actorOf(request), (request.params as { id: number }).id));
        return reply.code(204).send();
      },
    );
    app.get(
      '/simulation-configs',
      { config: { permission: 'simulation:read' }, schema: { tags } },
      async (request) => ({
        items: await service.listConfigs(actorOf(request)),
      }),
    );
    app.post(
      '/simulation-configs',
      { config: { permission: 'simulation:run' }, schema: { tags, body: ConfigBody } },
      async (request, reply) => {
        const { name, parameters } = request.body as { name: string; parameters: unknown };
        return reply.code(201).send(check(await service.saveConfig(actorOf(request), name, parameters)));
      },
    );
    app.delete(
      '/simulation-configs/:id',
      { config: { permission: 'simulation:run' }, schema: { tags, params: Id } },
      async (request, reply) => {
        unwrap(await service.deleteConfig(actorOf(request), (request.params as { id: number }).id));
        return reply.code(204).send();
      },
    );
  };
}

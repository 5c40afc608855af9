// buildApp: the whole HTTP surface as one Fastify instance, separate from listening so tests use app.inject().
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { LoggerOptions } from 'pino';
import { limits } from '../../kernel/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuthService, Principal } from '../auth/auth-service.js';
import type { Database } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import { errorHandler, Problem, sendProblem, statusOf } from './errors.js';
import './fastify-types.js';
import type { WsHub } from './ws-hub.js';

/** A module's HTTP surface: a Fastify plugin mounted under /api/v1. */
export interface ModuleRoutes {
  name: string;
  plugin: FastifyPluginAsync;
}

/** Everything buildApp needs; the composition root (main.ts) or a test builds it. */
export interface AppDeps {
  database: Database;
  auth: AuthService;
  audit: AuditLog;
  hub: WsHub;
  metrics: Metrics;
  modules: ModuleRoutes[];
  logger?: LoggerOptions | boolean;
  corsOrigins?: string[];
  trustProxy?: boolean;
  /** Shared Redis for rate limits across processes; in-process counters when absent. */
  redis?: Redis;
  /** Folder holding the built UI (web/dist); the UI is not served when absent. */
  webDist?: string;
  rateLimits?: { perIpMax: number; perKeyMax: number; windowMs: number };
  /** Readiness checks beyond the database (Redis ping, for example). */
  readinessChecks?: Record<string, () => Promise<void>>;
}

/** A Fastify instance using TypeBox schemas for validation, types and OpenAPI. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const guardedPrefixes = ['/api/', '/ws', '/metrics'];
const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds the application: plugins, security, docs, health, metrics, WebSocket hub, modules and the UI. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: limits.requestBodyBytesMax,
    trustProxy: deps.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Reject unknown fields instead of silently dropping them; coerce only query/path strings to numbers.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  const routes: { method: string; url: string; permission: string | undefined }[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const permission = route.config?.permission;
    const guarded = guardedPrefixes.some((p) => route.url === p.replace(/\/$/, '') || route.url.startsWith(p));
    if (guarded && permission === undefined) {
      throw new Error(`route ${methods.join(',')} ${route.url} must declare config.permission`);
    }
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, permission });
  });

  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // helmet's middleware, built once (docs/adr/0005-helmet-built-once.md): @fastify/helmet built it again for every
  // request, CSP directives parsed each time, about 6% of the server's thread per API order.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  await app.register(cors, { origin: deps.corsOrigins && deps.corsOrigins.length > 0 ? deps.corsOrigins : false });
  const rl = deps.rateLimits ?? {
    perIpMax: limits.rateLimitPerIpMax,
    perKeyMax: limits.rateLimitPerKeyMax,
    windowMs: limits.rateLimitWindowMs,
  };
  await app.register(rateLimit, {
    global: true,
    timeWindow: rl.windowMs,
    redis: deps.redis,
    nameSpace: 'nexus:rl:',
    keyGenerator: (req) => rateKey(req),
    max: (_req, key) => (String(key).startsWith('key:') ? rl.perKeyMax : rl.perIpMax),
    errorResponseBuilder: (_req, context) =>
      new Problem('rate_limited', `limit of ${context.max} requests per window reached`, 429, undefined, {
        'retry-after': String(Math.ceil(context.ttl / 1000)),
      }),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Nexus API', version: '1', description: 'Every route states its permission in x-permission.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'JWT access token or an nxk_ API key' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: ({ schema, url, route }) => {
      const permission = route.config?.permission;
      return { schema: { ...(schema ?? {}), 'x-permission': permission } as never, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (request, reply) => authenticate(deps, request, reply));
  app.addHook('onSend', async (request, reply, payload) => {
    if (mutating.has(request.method) && request.url.startsWith('/api/'))
      await auditRequest(deps, request, reply.statusCode);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    deps.metrics.httpRequests.inc(labels);
    deps.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  registerSystemRoutes(app, deps);
  for (const module of deps.modules) await app.register(module.plugin, { prefix: '/api/v1' });
  await registerUi(app, deps.webDist);
  return app;
}

function rateKey(req: FastifyRequest): string {
  const header = req.headers.authorization ?? req.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) {
    return `key:${createHash('sha256').update(header).digest('hex').slice(0, 32)}`;
  }
  return `ip:${req.ip}`;
}

/** Resolves the caller and checks the route's permission; public routes pass untouched. */
async function authenticate(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const permission = request.routeOptions.config?.permission;
  if (permission === undefined || permission === 'public') return;
  if (request.url.startsWith('/ws')) return; // the hub authenticates its own messages
  const credential = readCredential(request);
  if (!credential)
    return sendProblem(
      reply,
      new Problem('unauthenticated', 'send Authorization: Bearer <token or API key>'),
      request.id,
    );
  const result = credential.startsWith('nxk_')
    ? await deps.auth.authenticateApiKey(credential)
    : await deps.auth.authenticateToken(credential);
  if (!result.ok) return sendProblem(reply, Problem.from(result), request.id);
  request.principal = result.value;
  if (!result.value.permissions.includes(permission)) {
    await deps.audit.append({
      userId: result.value.userId,
      action: `${request.method} ${request.routeOptions.url}`,
      resourceType: resourceTypeOf(request),
      outcome: 'denied',
      details: { needs: permission },
      ipAddress: request.ip,
      requestId: request.id,
    });
    return sendProblem(reply, new Problem('forbidden', `this needs the ${permission} permission`), request.id);
  }
}

function readCredential(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

function resourceTypeOf(request: FastifyRequest): string | null {
  const m = /^\/api\/v1\/([a-z0-9-]+)/.exec(request.routeOptions.url ?? request.url);
  return m?.[1] ?? null;
}

async function auditRequest(deps: AppDeps, request: FastifyRequest, status: number) {
  if (status === 403 && request.principal) return; // already recorded as denied by the permission check
  const principal: Principal | undefined = request.principal;
  const params = request.params as Record<string, string> | undefined;
  try {
    await deps.audit.append({
      userId: principal?.userId ?? null,
      action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      resourceType: resourceTypeOf(request),
      resourceId: params?.id ?? null,
      outcome:
        status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : status >= 500 ? 'error' : 'failure',
      details: { status, via: principal?.via },
      ipAddress: request.ip,
      requestId: request.id,
    });
  } catch (error) {
    request.log.error({ err: error }, 'audit append failed');
  }
}

function registerSystemRoutes(app: App, deps: AppDeps) {
  app.get('/health', { config: { permission: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    const all = { database: () => deps.database.ping(), ...(deps.readinessChecks ?? {}) };
    for (const [name, check] of Object.entries(all)) {
      try {
        await check();
        checks[name] = 'ok';
      } catch (error) {
        ready = false;
        checks[name] = `failing: ${(error as Error).message}`;
      }
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', { config: { permission: 'system:read' }, schema: { hide: true } }, async (_request, reply) => {
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  // What a problem's `type` resolves to: the code, its status, and where its particulars are.
  app.get(
    '/problems/:code',
    {
      config: { permission: 'public' },
      schema: {
        hide: true,
        params: Type.Object(
          { code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const status = statusOf(code);
      return {
        code,
        status,
        title: STATUS_CODES[status] ?? 'Error',
        description:
          "A problem+json response with this code; its detail says what was wrong in the client's terms and errors[] names the fields. The codes are stable; the API's documentation is at /docs.",
      };
    },
  );
  app.get(
    '/ws',
    { websocket: true, config: { permission: 'account:self' }, schema: { hide: true } },
    (socket, request) => {
      const token = (request.query as Record<string, string | undefined>).token;
      deps.hub.accept(socket, token);
    },
  );
}

async function registerUi(app: App, webDist: string | undefined) {
  const index = webDist ? `${webDist}/index.html` : undefined;
  if (webDist && index && existsSync(index)) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !/^\/(api|ws|metrics|docs)/.test(request.url) &&
      request.headers.accept?.includes('text/html');
    if (wantsPage && index && existsSync(index)) return reply.type('text/html').sendFile('index.html');
    return sendProblem(
      reply,
      new Problem('not_found', `no route ${request.method} ${request.url.split('?')[0]}`, 404),
      request.id,
    );
  });
}

// HTTP routes for sign-in, sessions, the signed-in user, MFA and API keys. Thin: schema in, service call, schema out.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { limits } from '../../kernel/index.js';
import { Problem, unwrap } from '../http/errors.js';
import { patterned } from '../http/patterns.js';
import type { AuthService, RequestContext } from './auth-service.js';
import { themes } from './auth-service.js';
import { matrix, permissions, roles } from './permissions.js';

const strict = { additionalProperties: false } as const;
const Username = Type.String({ minLength: 1, maxLength: limits.usernameLengthMax });
const Password = Type.String({ minLength: 1, maxLength: limits.passwordLengthMax });
const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: Type.String(),
  theme: Type.String(),
  mfaEnabled: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
  permissions: Type.Array(Type.String()),
});
const Session = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer(),
  user: UserView,
});
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) }, strict);
const Code = patterned('^[0-9]{6}$', 'the 6-digit code from the authenticator app');
const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Request origin for the audit log. */
export function contextOf(request: FastifyRequest): RequestContext {
  return { ip: request.ip, requestId: request.id };
}

/** The signed-in principal; routes with a permission always have one. */
export function principalOf(request: FastifyRequest) {
  if (!request.principal) throw new Problem('unauthenticated');
  return request.principal;
}

/** Sign-in, refresh, logout, /me, MFA and API keys. */
export function authRoutes(auth: AuthService): FastifyPluginAsync {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: {
          permission: 'public',
          rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `login:${r.ip}` },
        },
        schema: {
          tags: ['auth'],
          body: Type.Object(
            {
              username: Username,
              password: Password,
              totp: Type.Optional(Code),
              recoveryCode: Type.Optional(Type.String({ minLength: 4, maxLength: 40 })),
            },
            strict,
          ),
          response: { 200: Session },
        },
      },
      async (request) => unwrap(await auth.login(request.body as never, contextOf(request))),
    );
    app.post(
      '/auth/refresh',
      { config: { permission: 'public' }, schema: { tags: ['auth'], body: RefreshBody, response: { 200: Session } } },
      async (request) =>
        unwrap(await auth.refresh((request.body as { refreshToken: string }).refreshToken, contextOf(request))),
    );
    app.post(
      '/auth/logout',
      { config: { permission: 'public' }, schema: { tags: ['auth'], body: RefreshBody } },
      async (request, reply) => {
        await auth.logout((request.body as { refreshToken: string }).refreshToken, contextOf(request));
        return reply.code(204).send();
      },
    );
    app.get(
      '/me',
      { config: { permission: 'account:self' }, schema: { tags: ['account'], response: { 200: UserView } } },
      async (request) => unwrap(await auth.me(principalOf(request).userId)),
    );
    app.post(
      '/me/password',
      {
        config: {
          permission: 'account:self',
          rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `password:${r.ip}` },
        },
        schema: {
          tags: ['account'],
          body: Type.Object({ currentPassword: Password, newPassword: Password }, strict),
          response: { 200: Session },
        },
      },
      async (request) =>
        unwrap(await auth.changePassword(principalOf(request).userId, request.body as never, contextOf(request))),
    );
    app.put(
      '/me/preferences',
      {
        config: { permission: 'account:self' },
        schema: {
          tags: ['account'],
          body: Type.Object({ theme: Type.Union(themes.map((t) => Type.Literal(t))) }, strict),
          response: { 200: UserView },
        },
      },
      async (request) =>
        unwrap(await auth.setTheme(principalOf(request).userId, (request.body as { theme: string }).theme)),
    );
    app.post(
      '/auth/mfa/enroll',
      {
        config: { permission: 'account:self' },
        schema: {
          tags: ['auth'],
          response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }) },
        },
      },
      async (request) => unwrap(await auth.mfaEnroll(principalOf(request).userId)),
    );
    app.post(
      '/auth/mfa/verify',
      {
        config: { permission: 'account:self' },
        schema: {
          tags: ['auth'],
          body: Type.Object({ code: Code }, strict),
          response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }) },
        },
      },
      async (request) =>
        unwrap(
          await auth.mfaVerify(
            principalOf(request).userId,
            (request.body as { code: string }).code,
            contextOf(request),
          ),
        ),
    );
    app.post(
      '/auth/mfa/disable',
      { config: { permission: 'account:self' }, schema: { tags: ['auth'], body: Type.Object({ code: Code }, strict) } },
      async (request, reply) => {
        unwrap(
          await auth.mfaDisable(
            principalOf(request).userId,
            (request.body as { code: string }).code,
            contextOf(request),
          ),
        );
        return reply.code(204).send();
      },
    );
    app.get(
      '/api-keys',
      {
        config: { permission: 'account:self' },
        schema: { tags: ['account'], response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }) } },
      },
      async (request) => ({ items: await auth.listApiKeys(principalOf(request).userId) }),
    );
    app.post(
      '/api-keys',
      {
        config: { permission: 'account:self' },
        schema: {
          tags: ['account'],
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100 }),
              scopes: Type.Array(Type.String(), { minItems: 1, maxItems: permissions.length, uniqueItems: true }),
              expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
            },
            strict,
          ),
          response: { 201: Type.Object({ key: Type.String(), item: ApiKeyView }) },
        },
      },
      async (request, reply) => {
        const created = unwrap(
          await auth.createApiKey(principalOf(request), request.body as never, contextOf(request)),
        );
        return reply.code(201).send(created);
      },
    );
    app.delete(
      '/api-keys/:id',
      {
        config: { permission: 'account:self' },
        schema: { tags: ['account'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
      },
      async (request, reply) => {
        unwrap(
          await auth.revokeApiKey(
            principalOf(request).userId,
            (request.params as { id: string }).id,
            contextOf(request),
          ),
        );
        return reply.code(204).send();
      },
    );
    app.get('/permissions', { config: { permission: 'account:self' }, schema: { tags: ['account'] } }, async () => ({
      roles,
      permissions,
      matrix,
    }));
  };
}

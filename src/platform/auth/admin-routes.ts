// Admin routes: create, list, disable users, assign roles and reset passwords.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { limits } from '../../kernel/index.js';
import { unwrap } from '../http/errors.js';
import type { AuthService } from './auth-service.js';
import { roles } from './permissions.js';
import { contextOf, principalOf } from './routes.js';

const strict = { additionalProperties: false } as const;
const Role = Type.Union(roles.map((r) => Type.Literal(r)));
const AdminUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: Type.String(),
  disabled: Type.Boolean(),
  mfaEnabled: Type.Boolean(),
  createdAt: Type.String(),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** User administration, all behind users:manage. */
export function adminRoutes(auth: AuthService): FastifyPluginAsync {
  return async (app) => {
    const config = { permission: 'users:manage' as const };
    app.get(
      '/admin/users',
      { config, schema: { tags: ['admin'], response: { 200: Type.Object({ items: Type.Array(AdminUser) }) } } },
      async () => ({
        items: await auth.listUsers(),
      }),
    );
    app.post(
      '/admin/users',
      {
        config,
        schema: {
          tags: ['admin'],
          body: Type.Object(
            {
              username: Type.String({ minLength: 1, maxLength: limits.usernameLengthMax }),
              password: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }),
              role: Role,
            },
            strict,
          ),
          response: { 201: AdminUser },
        },
      },
      async (request, reply) => {
        const user = unwrap(
          await auth.createUser(request.body as never, principalOf(request).userId, contextOf(request)),
        );
        return reply.code(201).send(user);
      },
    );
    app.put(
      '/admin/users/:id/password',
      {
        config,
        schema: {
          tags: ['admin'],
          params: IdParams,
          body: Type.Object({ password: Type.String({ minLength: 1, maxLength: limits.passwordLengthMax }) }, strict),
          response: { 200: AdminUser },
        },
      },
      async (request) =>
        unwrap(
          await auth.resetPassword(
            (request.params as { id: string }).id,
            (request.body as { password: string }).password,
            principalOf(request).userId,
            contextOf(request),
          ),
        ),
    );
    app.post(
      '/admin/users/:id/disable',
      { config, schema: { tags: ['admin'], params: IdParams, response: { 200: AdminUser } } },
      async (request) =>
        unwrap(
          await auth.setDisabled(
            (request.params as { id: string }).id,
            true,
            principalOf(request).userId,
            contextOf(request),
          ),
        ),
    );
    app.post(
      '/admin/users/:id/enable',
      { config, schema: { tags: ['admin'], params: IdParams, response: { 200: AdminUser } } },
      async (request) =>
        unwrap(
          await auth.setDisabled(
            (request.params as { id: string }).id,
            false,
            principalOf(request).userId,
            contextOf(request),
          ),
        ),
    );
    app.put(
      '/admin/users/:id/role',
      {
        config,
        schema: {
          tags: ['admin'],
          params: IdParams,
          body: Type.Object({ role: Role }, strict),
          response: { 200: AdminUser },
        },
      },
      async (request) =>
        unwrap(
          await auth.setRole(
            (request.params as { id: string }).id,
            (request.body as { role: string }).role,
            principalOf(request).userId,
            contextOf(request),
          ),
        ),
    );
  };
}

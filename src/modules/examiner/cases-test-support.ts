// Test support for the cases and reports suites: a composed Nexus with one signed-in user per role.

import { memoryPglite, type TestDatabase } from '../../../test/helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from '../../../test/helpers/nexus.js';

/** A composed Nexus, its database and an access token per role. */
export interface RoleNexus {
  t: TestNexus;
  db: TestDatabase;
  tokens: Map<string, string>;
  ids: Map<string, string>;
  /** Headers for a role (or a `role#n` second user). */
  as(who: string): { authorization: string };
  /** Signs a user in again (after the manual clock has moved past the access token's lifetime). */
  relogin(who: string): Promise<void>;
  close(): Promise<void>;
}

/** Composes Nexus on in-memory PGlite and signs in one user for each of `who` (e.g. `prosecutor`, `judge#2`). */
export async function roleNexus(who: readonly string[]): Promise<RoleNexus> {
  const db = await memoryPglite();
  const t = await testNexus(db);
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const password = 'Case-Report-Password-1';
  const admin = await login(t.nexus.app, 'admin', adminPassword);
  tokens.set('admin', admin.body.accessToken);
  ids.set('admin', (admin.body.user as { id: string }).id);
  // Password hashing dominates set-up time; argon2 runs on the libuv pool, so users are created in parallel.
  await Promise.all(
    who.map(async (name) => {
      const role = name.split('#')[0] as string;
      const username = `u-${name.replace('#', '-')}`;
      const res = await t.nexus.app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: bearer(admin.body.accessToken),
        payload: { username, password, role },
      });
      if (res.statusCode !== 201) throw new Error(`could not create ${username}: ${res.body}`);
      const session = await login(t.nexus.app, username, password);
      tokens.set(name, session.body.accessToken);
      ids.set(name, (session.body.user as { id: string }).id);
    }),
  );
  return {
    t,
    db,
    tokens,
    ids,
    as: (name) => bearer(tokens.get(name) ?? ''),
    async relogin(name) {
      const session = await login(
        t.nexus.app,
        name === 'admin' ? 'admin' : `u-${name.replace('#', '-')}`,
        name === 'admin' ? adminPassword : password,
      );
      tokens.set(name, session.body.accessToken);
    },
    async close() {
      await t.close();
      await db.drop();
    },
  };
}

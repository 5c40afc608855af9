// Walks every registered route for every role and checks allow or deny against the one permission matrix.
// A route added without a declared permission fails app construction; a route whose guard disagrees with the
// matrix fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrix, type Permission, roles } from '../src/platform/auth/permissions.js';
import { memoryPglite, type TestDatabase } from './helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from './helpers/nexus.js';

describe('RBAC: every route, every role', () => {
  let db: TestDatabase;
  let t: TestNexus;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    db = await memoryPglite();
    t = await testNexus(db);
    const admin = await login(t.nexus.app, 'admin', adminPassword);
    tokens.set('admin', admin.body.accessToken);
    for (const role of roles) {
      if (role === 'admin') continue;
      const password = 'Role-Walk-Password-1';
      const res = await t.nexus.app.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: bearer(admin.body.accessToken),
        payload: { username: `walker-${role}`, password, role },
      });
      expect(res.statusCode, res.body).toBe(201);
      tokens.set(role, (await login(t.nexus.app, `walker-${role}`, password)).body.accessToken);
    }
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('declares a permission on every guarded route', () => {
    const table = (t.nexus.app as unknown as { routeTable: { url: string; permission?: string }[] }).routeTable;
    const guarded = table.filter((r) => r.url.startsWith('/api/') || r.url === '/metrics' || r.url === '/ws');
    expect(guarded.length).toBeGreaterThan(15);
    for (const r of guarded) expect(r.permission, r.url).toBeDefined();
  });

  it('allows exactly the roles the matrix allows', async () => {
    const table = (t.nexus.app as unknown as { routeTable: { method: string; url: string; permission?: string }[] })
      .routeTable;
    const walked = table.filter((r) => r.permission && r.permission !== 'public' && r.url !== '/ws');
    let checks = 0;
    for (const route of walked) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const role of roles) {
        const res = await t.nexus.app.inject({
          method: route.method as 'GET',
          url,
          headers: bearer(tokens.get(role)!),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const allowed = matrix[role].includes(route.permission as Permission);
        const label = `${role} ${route.method} ${route.url} -> ${res.statusCode}`;
        if (allowed) expect([401, 403], label).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, label).toBe(403);
          expect(res.json().code, label).toBe('forbidden');
        }
        checks++;
      }
    }
    expect(checks).toBe(walked.length * roles.length);
  });
});

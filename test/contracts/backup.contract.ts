// Backup then restore must give the same data back, on every storage engine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/platform/audit/audit-log.js';
import { backup, restore, tablesInDependencyOrder } from '../../src/platform/backup/backup.js';
import type { Database } from '../../src/platform/db/database.js';
import type { TestDatabase } from '../helpers/databases.js';
import { adminPassword, login, testNexus } from '../helpers/nexus.js';

async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tablesInDependencyOrder(database)) {
    const rows = await database.query(`select t::text as row from "${table}" t order by 1`);
    out[table] = rows.map((r) => String(r.row));
  }
  return out;
}

/** Runs the backup round trip on a database factory. */
export function backupContract(name: string, makeDb: () => Promise<TestDatabase>): void {
  describe(`Backup contract: ${name}`, () => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('restores into an empty database the same rows, files and a verifiable audit chain', async () => {
      const sourceDb = await makeDb();
      const source = await testNexus(sourceDb);
      const work = mkdtempSync(join(tmpdir(), 'nexus-backup-'));
      dirs.push(work);
      const file = join(work, 'nexus.backup.gz');
      let before: Record<string, string[]>;
      try {
        const s = await login(source.nexus.app, 'admin', adminPassword);
        expect(s.status).toBe(200);
        await source.nexus.app.inject({
          method: 'POST',
          url: '/api/v1/admin/users',
          headers: { authorization: `Bearer ${s.body.accessToken}` },
          payload: { username: 'carol', password: 'Backup-Test-Pass-9', role: 'auditor' },
        });
        before = await snapshot(source.nexus.database);
        expect(before.users?.length).toBe(2);
        expect(before.audit_logs?.length).toBeGreaterThan(2);
        const progress: number[] = [];
        await backup(source.nexus.database, source.dataDir, file, (_s, done) => progress.push(done));
        expect(progress.length).toBeGreaterThan(0);
      } finally {
        await source.close();
        await sourceDb.drop();
      }

      const targetDb = await makeDb();
      const targetDir = mkdtempSync(join(tmpdir(), 'nexus-restore-'));
      dirs.push(targetDir);
      try {
        await restore(targetDb.database, targetDir, file);
        expect(await snapshot(targetDb.database)).toEqual(before);
        expect(readFileSync(join(targetDir, 'secrets.json'), 'utf8')).toContain('jwtKey');
        const report = await new AuditLog(targetDb.database.db, { nowMs: () => Date.now() }).verify();
        expect(report).toMatchObject({ ok: true });
        // Sequences continue after the restored ids instead of colliding with them.
        await new AuditLog(targetDb.database.db, { nowMs: () => Date.now() }).append({
          action: 'after.restore',
          outcome: 'success',
        });
        expect((await new AuditLog(targetDb.database.db, { nowMs: () => Date.now() }).verify()).ok).toBe(true);
        await expect(restore(targetDb.database, targetDir, file)).rejects.toThrow(/not empty/);
      } finally {
        await targetDb.drop();
      }
    });
  });
}

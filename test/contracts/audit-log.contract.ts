// The audit log's chain under both append paths: the locked one (any number of writers) and the one-statement
// compare-and-set one that a sole writer uses after its own appends. Run on PGlite by `npm test` and on
// PostgreSQL by `npm run test:services`.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/platform/audit/audit-log.js';
import type { TestDatabase } from '../helpers/databases.js';

const clock = { nowMs: () => Date.UTC(2026, 10, 21, 12) };

/** Runs the audit-log contract on a database factory. */
export function auditLogContract(name: string, makeDb: () => Promise<TestDatabase>): void {
  describe(`AuditLog: ${name}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await makeDb();
    });
    afterEach(async () => {
      await db.drop();
    });

    const ids = async (): Promise<number[]> => {
      const result = (await db.database.db.execute(sql`select id from audit_logs order by id`)) as unknown as {
        rows: { id: unknown }[];
      };
      return result.rows.map((r) => Number(r.id));
    };
    const append = (log: AuditLog, action: string) => log.append({ action, outcome: 'success', details: { n: 1 } });

    it("a sole writer's appends after its own keep one linear chain with consecutive ids, batched or not", async () => {
      const log = new AuditLog(db.database.db, clock, { soleWriter: true });
      for (let i = 0; i < 3; i++) await append(log, `one.${i}`);
      await Promise.all(Array.from({ length: 40 }, (_, i) => append(log, `many.${i}`)));
      expect(await log.verify()).toEqual({ ok: true, checked: 43 });
      expect(await ids()).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
      // The id sequence moved past the rows the one-statement path numbered itself: a locked append continues it.
      const locked = new AuditLog(db.database.db, clock);
      await append(locked, 'locked');
      expect((await ids()).at(-1)).toBe(44);
      expect(await locked.verify()).toEqual({ ok: true, checked: 44 });
    });

    it('a log whose head is stale (another log appended) falls back to the locked path and keeps the chain', async () => {
      // One after another: the option promises no concurrent writer, but a second log may append in between.
      const a = new AuditLog(db.database.db, clock, { soleWriter: true });
      const b = new AuditLog(db.database.db, clock, { soleWriter: true });
      for (const [log, action] of [
        [a, 'a.1'],
        [a, 'a.2'],
        [b, 'b.1'],
        [a, 'a.3'], // a still holds the head after a.2
        [b, 'b.2'],
        [a, 'a.4'],
        [b, 'b.3'],
        [a, 'a.5'],
      ] as const) {
        await append(log, action);
      }
      expect(await a.verify()).toEqual({ ok: true, checked: 8 });
      const actions = (await a.recent(10)).map((r) => r.action).sort();
      expect(actions).toEqual(['a.1', 'a.2', 'a.3', 'a.4', 'a.5', 'b.1', 'b.2', 'b.3']);
    });

    it('links the next append to the recorded head, so a removed newest row stays visible', async () => {
      const log = new AuditLog(db.database.db, clock, { soleWriter: true });
      for (let i = 0; i < 4; i++) await append(log, `row.${i}`);
      await db.database.db.execute(sql`delete from audit_logs where id = 4`);
      await append(log, 'after');
      expect(await log.verify()).toMatchObject({ ok: false, firstBroken: { id: 5, reason: 'previous_hash_mismatch' } });
    });
  });
}

// The hash-chained audit log: append under a lock so the chain is linear, verify by walking it in order.
import { createHash } from 'node:crypto';
import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Clock } from '../../kernel/index.js';
import { canonicalJson, limits } from '../../kernel/index.js';
import type { Db } from '../db/database.js';
import { auditLogs, systemConfig } from '../db/schema.js';
import { redactSecrets } from './redact.js';

/** What a caller records; the log adds time, chain hashes and id. */
export interface AuditEntry {
  userId?: string | null;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  details?: Record<string, unknown> | null;
  ipAddress?: string | null;
  requestId?: string | null;
  outcome: 'success' | 'failure' | 'denied' | 'error';
}

/** The result of walking the chain: ok, how many rows were checked, and the first broken link if any. */
export interface VerifyReport {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; reason: 'hash_mismatch' | 'previous_hash_mismatch' | 'head_mismatch' };
}

const genesisHash = '0'.repeat(64);
const headKey = 'audit.head';
// Any constant works; it only has to be the same for every writer so appends serialise across processes.
const appendLockId = 0x6e657875;

type Row = typeof auditLogs.$inferSelect;

/** Hash of one row: SHA-256 over the previous hash and the canonical JSON of the row's content. */
export function rowHash(row: Omit<Row, 'hash'>): string {
  const content = canonicalJson({
    id: row.id,
    userId: row.userId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    details: row.details,
    ipAddress: row.ipAddress,
    requestId: row.requestId,
    outcome: row.outcome,
    createdAt: row.createdAt.toISOString(),
  });
  return createHash('sha256').update(row.prevHash).update(content).digest('hex');
}

/** Appends and verifies audit records. Safe across several server processes sharing one PostgreSQL. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private pending: { entry: AuditEntry; atMs: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /**
   * Appends one record; resolves once it is committed. Appends that arrive while a write is in flight are
   * group-committed in the next transaction (one lock, one multi-row insert), so the chain stays linear and no
   * caller is answered before its record is durable.
   */
  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, atMs: this.clock.nowMs(), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, limits.auditAppendBatchMax);
      try {
        await this.writeBatch(batch);
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.flushing = false;
  }

  private async writeBatch(batch: { entry: AuditEntry; atMs: number }[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${appendLockId})`);
      const [last] = await tx
        .select({ id: auditLogs.id, hash: auditLogs.hash })
        .from(auditLogs)
        .orderBy(desc(auditLogs.id))
        .limit(1);
      const next = await tx.execute(
        sql`select nextval('audit_logs_id_seq')::int as id from generate_series(1, ${batch.length})`,
      );
      const ids = (next as unknown as { rows: { id: number }[] }).rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      let prevHash = last?.hash ?? genesisHash;
      const rows = batch.map(({ entry, atMs }, i) => {
        const row = {
          id: ids[i] as number,
          userId: entry.userId ?? null,
          action: entry.action,
          resourceType: entry.resourceType ?? null,
          resourceId: entry.resourceId ?? null,
          details: entry.details ? (redactSecrets(entry.details) as Record<string, unknown>) : null,
          ipAddress: entry.ipAddress ?? null,
          requestId: entry.requestId ?? null,
          outcome: entry.outcome,
          prevHash,
          createdAt: new Date(atMs),
        };
        const hash = rowHash(row);
        prevHash = hash;
        return { ...row, hash };
      });
      await tx.insert(auditLogs).values(rows);
      const tail = rows[rows.length - 1] as { id: number; hash: string };
      const head = { id: tail.id, hash: tail.hash };
      await tx
        .insert(systemConfig)
        .values({ configKey: headKey, configValue: head, description: 'last audit row (id, hash)', updatedBy: 'audit' })
        .onConflictDoUpdate({ target: systemConfig.configKey, set: { configValue: head, updatedAt: sql`now()` } });
    });
  }

  /** Most recent records first. */
  async recent(limit: number): Promise<Row[]> {
    return this.db.select().from(auditLogs).orderBy(desc(auditLogs.id)).limit(limit);
  }

  /** Walks the whole chain in id order and reports the first row whose hash or link does not hold. */
  async verify(onProgress?: (checked: number) => void): Promise<VerifyReport> {
    let prevHash = genesisHash;
    let lastId = 0;
    let checked = 0;
    for (;;) {
      const batch = await this.db
        .select()
        .from(auditLogs)
        .where(gt(auditLogs.id, lastId))
        .orderBy(asc(auditLogs.id))
        .limit(limits.auditVerifyBatchRows);
      for (const row of batch) {
        if (row.prevHash !== prevHash)
          return { ok: false, checked, firstBroken: { id: row.id, reason: 'previous_hash_mismatch' } };
        if (rowHash(row) !== row.hash)
          return { ok: false, checked, firstBroken: { id: row.id, reason: 'hash_mismatch' } };
        prevHash = row.hash;
        lastId = row.id;
        checked++;
      }
      onProgress?.(checked);
      if (batch.length < limits.auditVerifyBatchRows) break;
    }
    // The head record catches removal of the newest rows, which leaves no broken link behind.
    const [head] = await this.db.select().from(systemConfig).where(eq(systemConfig.configKey, headKey));
    const expected = head?.configValue as { id: number; hash: string } | undefined;
    if (expected && (expected.id !== lastId || expected.hash !== prevHash)) {
      return { ok: false, checked, firstBroken: { id: expected.id, reason: 'head_mismatch' } };
    }
    return { ok: true, checked };
  }
}

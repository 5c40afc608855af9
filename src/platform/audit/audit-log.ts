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

/** The newest record of the chain, as the head entry in system_config holds it. */
interface Head {
  id: number;
  hash: string;
}

/** A record waiting for its batch. */
interface Pending {
  entry: AuditEntry;
  atMs: number;
}

/** Options of an audit log. */
export interface AuditLogOptions {
  /**
   * Nothing appends to this database's chain concurrently with this log: true of the embedded PGlite, which one
   * process holds and which runs one statement at a time. Then a batch after this log's own last append is one
   * statement that moves the head only if it is still where this log left it (see `appendAfter`); when it finds the
   * head moved (another log appended in between), the batch takes the locked path. Not for a server database with
   * other writers: their locked appends take ids from the sequence, and one of two racing inserts would fail.
   */
  soleWriter?: boolean;
}

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

/** The batch's rows with ids `ids`, each linked to the one before, the first to `prevHash`. */
function chainRows(batch: Pending[], ids: number[], prevHash: string): Row[] {
  let prev = prevHash;
  return batch.map(({ entry, atMs }, i) => {
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
      prevHash: prev,
      createdAt: new Date(atMs),
    };
    const hash = rowHash(row);
    prev = hash;
    return { ...row, hash };
  });
}

/** Appends and verifies audit records. Safe across several server processes sharing one PostgreSQL. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: AuditLogOptions = {},
  ) {}

  private pending: (Pending & { resolve: () => void; reject: (error: unknown) => void })[] = [];
  private flushing = false;
  /** The head this log wrote last, while it may still be the chain's head (sole-writer mode only). */
  private head: Head | null = null;

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

  private async writeBatch(batch: Pending[]): Promise<void> {
    const head = this.head;
    this.head = null;
    if (head && this.options.soleWriter) {
      const moved = await this.appendAfter(head, batch);
      if (moved) {
        this.head = moved;
        return;
      }
    }
    const tail = await this.appendLocked(batch);
    if (this.options.soleWriter) this.head = tail;
  }

  /** Appends under the advisory lock after reading the chain's last row: correct whoever else appends. */
  private async appendLocked(batch: Pending[]): Promise<Head> {
    return this.db.transaction(async (tx) => {
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
      const rows = chainRows(batch, ids, last?.hash ?? genesisHash);
      await tx.insert(auditLogs).values(rows);
      const tail = rows[rows.length - 1] as Row;
      const head: Head = { id: tail.id, hash: tail.hash };
      await tx
        .insert(systemConfig)
        .values({ configKey: headKey, configValue: head, description: 'last audit row (id, hash)', updatedBy: 'audit' })
        .onConflictDoUpdate({ target: systemConfig.configKey, set: { configValue: head, updatedAt: sql`now()` } });
      return head;
    });
  }

  /**
   * Appends after `head` in one statement: it moves the head entry from `head` to the batch's last row (a
   * compare-and-set on that row) and inserts the rows only if the move happened, so a log whose idea of the head
   * is stale inserts nothing and returns null. The ids continue from the head's and the id sequence is set past
   * them. One statement instead of the locked path's six (plus BEGIN and COMMIT) matters on the embedded database,
   * where each statement runs on the server's own thread.
   */
  private async appendAfter(head: Head, batch: Pending[]): Promise<Head | null> {
    const rows = chainRows(
      batch,
      batch.map((_, i) => head.id + 1 + i),
      head.hash,
    );
    const tail = rows[rows.length - 1] as Row;
    const moved: Head = { id: tail.id, hash: tail.hash };
    const records = rows.map((r) => ({
      id: r.id,
      user_id: r.userId,
      action: r.action,
      resource_type: r.resourceType,
      resource_id: r.resourceId,
      details: r.details,
      ip_address: r.ipAddress,
      request_id: r.requestId,
      outcome: r.outcome,
      prev_hash: r.prevHash,
      hash: r.hash,
      created_at: r.createdAt.toISOString(),
    }));
    const result = await this.db.execute(sql`
      with moved as (
        update ${systemConfig} set config_value = ${JSON.stringify(moved)}::jsonb, updated_at = now()
         where config_key = ${headKey} and config_value = ${JSON.stringify(head)}::jsonb
        returning 1
      ), ins as (
        insert into ${auditLogs} (id, user_id, action, resource_type, resource_id, details, ip_address, request_id,
                                  outcome, prev_hash, hash, created_at)
        select r.id, r.user_id, r.action, r.resource_type, r.resource_id, r.details, r.ip_address, r.request_id,
               r.outcome, r.prev_hash, r.hash, r.created_at
          from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id bigint, user_id varchar,
               action varchar, resource_type varchar, resource_id varchar, details jsonb, ip_address varchar,
               request_id varchar, outcome varchar, prev_hash varchar, hash varchar, created_at timestamptz)
         where exists (select 1 from moved)
        returning id
      )
      select (select count(*) from ins)::int as inserted,
             (select setval('audit_logs_id_seq', max(id)) from ins having count(*) > 0) as sequence`);
    const inserted = Number((result as unknown as { rows: { inserted: unknown }[] }).rows[0]?.inserted ?? 0);
    return inserted === rows.length ? moved : null;
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

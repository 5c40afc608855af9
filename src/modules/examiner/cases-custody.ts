// Evidence use cases: collect by streaming upload, record every view, transfer and export on the custody chain, verify chain and content.
import { randomUUID } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import { type Clock, err, ok, type Result } from '../../kernel/index.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { custodyEntries, evidenceItems } from './cases-schema.js';
import type { CaseActor, CaseView } from './cases-service.js';
import { type Actor, type LitigationCase, linkEvidence } from './core/cases/index.js';
import {
  appendAfter,
  type CustodyAction,
  type CustodyBreak,
  type CustodyEntry,
  custodyLimits,
  verifyCustodyChain,
} from './core/custody/index.js';
import type { EvidenceStore } from './evidence-store.js';

/** An evidence item as the API shows it. */
export interface EvidenceView {
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly collectedBy: string;
  readonly collectedAt: string;
}

/** A custody entry as the API shows it (time also as ISO text). */
export type CustodyEntryView = CustodyEntry & { readonly at: string };

/** The outcome of verifying one item: the chain's links and the stored file's content. */
export interface EvidenceVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly headHash?: string;
  /** The first entry that fails, and why. */
  readonly firstBad?: { readonly index: number; readonly seq: number; readonly reason: CustodyBreak };
  readonly content: {
    readonly ok: boolean;
    readonly expectedSha256: string;
    readonly actualSha256: string | null;
    readonly sizeBytes: number | null;
    readonly reason?: 'content_missing' | 'content_mismatch';
  };
}

type ItemRow = typeof evidenceItems.$inferSelect;
type EntryRow = typeof custodyEntries.$inferSelect;
type CaseMutation = (
  caseId: string,
  change: (c: LitigationCase, at: (by: CaseActor) => Actor) => Result<LitigationCase>,
  alongside?: (tx: Tx) => Promise<void>,
) => Promise<Result<CaseView>>;

function itemView(r: ItemRow): EvidenceView {
  return { ...r, collectedAt: r.collectedAt.toISOString() };
}

// Nullable columns come back as null; the hashed entry omitted them, so they must be omitted again.
function entryOf(r: EntryRow): CustodyEntry {
  return {
    itemId: r.itemId,
    seq: r.seq,
    action: r.action as CustodyAction,
    actor: r.actor,
    atMs: r.atMs,
    ...(r.toCustodian !== null ? { toCustodian: r.toCustodian } : {}),
    ...(r.contentSha256 !== null ? { contentSha256: r.contentSha256 } : {}),
    ...(r.note !== null ? { note: r.note } : {}),
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

function rowOf(e: CustodyEntry) {
  return {
    itemId: e.itemId,
    seq: e.seq,
    action: e.action,
    actor: e.actor,
    atMs: e.atMs,
    toCustodian: e.toCustodian ?? null,
    contentSha256: e.contentSha256 ?? null,
    note: e.note ?? null,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** Evidence collection and custody. */
export class CustodyService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly store: EvidenceStore,
    private readonly mutateCase: CaseMutation,
    /** The case's current stage, or `case_not_found`; checked before any byte is stored. */
    private readonly stageOf: (caseId: string) => Promise<Result<string>>,
  ) {}

  /**
   * Streams an upload into the store (hashing as it goes), then in one transaction links the item to the case,
   * registers it and opens its custody chain with `collected`, which pins the content hash.
   */
  async collect(
    caseId: string,
    meta: { title: string; mediaType: string },
    body: NodeJS.ReadableStream,
    by: CaseActor,
  ): Promise<Result<{ item: EvidenceView; custody: CustodyEntryView }>> {
    if (meta.title.trim() === '' || meta.title.length > custodyLimits.evidenceTitleLengthMax)
      return err('evidence_title_invalid', undefined, 'title');
    // Refuse before streaming: a closed or unknown case would otherwise leave an orphan file behind.
    const stage = await this.stageOf(caseId);
    if (!stage.ok) return stage;
    if (stage.value === 'closed') return err('case_is_closed');
    const stored = await this.store.put(caseId, body);
    if (!stored.ok) return stored;
    const id = randomUUID();
    let created: { item: EvidenceView; custody: CustodyEntryView } | undefined;
    const linked = await this.mutateCase(
      caseId,
      (c, at) => {
        const when = at(by);
        const first = appendAfter(undefined, {
          itemId: id,
          action: 'collected',
          actor: by.username,
          atMs: when.atMs,
          contentSha256: stored.value.sha256,
        });
        if (!first.ok) return first;
        const collectedAt = new Date(when.atMs).toISOString();
        const item: EvidenceView = { id, caseId, ...meta, ...stored.value, collectedBy: by.username, collectedAt };
        created = { item, custody: { ...first.value, at: collectedAt } };
        return linkEvidence(c, id, when);
      },
      async (tx) => {
        if (created === undefined) return;
        await tx.insert(evidenceItems).values({ ...created.item, collectedAt: new Date(created.item.collectedAt) });
        await tx.insert(custodyEntries).values(rowOf(created.custody));
      },
    );
    if (!linked.ok) return linked;
    return created === undefined ? err('internal_error') : ok(created);
  }

  /** The evidence of one case, in collection order. */
  async list(caseId: string): Promise<EvidenceView[]> {
    const rows = await this.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.caseId, caseId))
      .orderBy(asc(evidenceItems.collectedAt), asc(evidenceItems.id));
    return rows.map(itemView);
  }

  /** One item, or `evidence_not_found`. */
  async get(id: string): Promise<Result<EvidenceView>> {
    const [row] = await this.db.select().from(evidenceItems).where(eq(evidenceItems.id, id));
    return row === undefined ? err('evidence_not_found', id) : ok(itemView(row));
  }

  /** The item's custody chain, oldest first. */
  async chain(id: string, db: Db | Tx = this.db): Promise<CustodyEntryView[]> {
    const rows = await db
      .select()
      .from(custodyEntries)
      .where(eq(custodyEntries.itemId, id))
      .orderBy(asc(custodyEntries.seq));
    return rows.map((r) => ({ ...entryOf(r), at: new Date(r.atMs).toISOString() }));
  }

  /**
   * Appends one action under a lock on the item's row, so concurrent actions get consecutive sequence numbers
   * and each links to the one before (the unique (item, seq) key backs this up).
   */
  async record(
    id: string,
    action: Exclude<CustodyAction, 'collected'>,
    by: CaseActor,
    extra: { toCustodian?: string; note?: string } = {},
  ): Promise<Result<CustodyEntryView>> {
    return this.db.transaction(async (tx) => {
      const [item] = await tx.select().from(evidenceItems).where(eq(evidenceItems.id, id)).for('update');
      if (item === undefined) return err('evidence_not_found', id);
      // Only the newest entry is needed to link and number the next one.
      const [newest] = await tx
        .select()
        .from(custodyEntries)
        .where(eq(custodyEntries.itemId, id))
        .orderBy(desc(custodyEntries.seq))
        .limit(1);
      const last = newest === undefined ? undefined : entryOf(newest);
      const entry = appendAfter(last, {
        itemId: id,
        action,
        actor: by.username,
        atMs: Math.max(this.clock.nowMs(), last?.atMs ?? 0),
        ...(action === 'exported' ? { contentSha256: item.sha256 } : {}),
        ...(extra.toCustodian ? { toCustodian: extra.toCustodian } : {}),
        ...(extra.note ? { note: extra.note } : {}),
      });
      if (!entry.ok) return entry;
      await tx.insert(custodyEntries).values(rowOf(entry.value));
      return ok({ ...entry.value, at: new Date(entry.value.atMs).toISOString() });
    });
  }

  /** Opens the stored content for reading and records the read as `viewed` or `exported` first. */
  async open(
    id: string,
    purpose: 'viewed' | 'exported',
    by: CaseActor,
  ): Promise<Result<{ item: EvidenceView; stream: NodeJS.ReadableStream; custody: CustodyEntryView }>> {
    const item = await this.get(id);
    if (!item.ok) return item;
    const stream = await this.store.open(item.value.caseId, item.value.sha256);
    if (stream === null) return err('evidence_content_missing', item.value.sha256);
    const custody = await this.record(id, purpose, by);
    if (!custody.ok) {
      (stream as unknown as { destroy(): void }).destroy();
      return custody;
    }
    return ok({ item: item.value, stream, custody: custody.value });
  }

  /** Verifies the item's chain link by link and re-hashes its stored file. */
  async verify(id: string): Promise<Result<EvidenceVerification>> {
    const item = await this.get(id);
    if (!item.ok) return item;
    return ok(await this.verifyItem(item.value));
  }

  /** Verification of an item already loaded (see `verify`). */
  async verifyItem(item: EvidenceView): Promise<EvidenceVerification> {
    const chain = (await this.chain(item.id)).map(({ at: _at, ...e }) => e);
    const links = verifyCustodyChain(chain);
    // The collection entry pins the hash; the item row and the file must both still agree with it.
    const pinned = chain[0]?.contentSha256 ?? item.sha256;
    const actual = await this.store.rehash(item.caseId, item.sha256);
    const contentOk = actual !== null && actual.sha256 === pinned && actual.sha256 === item.sha256;
    const content: EvidenceVerification['content'] = {
      ok: contentOk,
      expectedSha256: pinned,
      actualSha256: actual?.sha256 ?? null,
      sizeBytes: actual?.sizeBytes ?? null,
      ...(contentOk ? {} : { reason: actual === null ? 'content_missing' : 'content_mismatch' }),
    };
    if (!links.ok) {
      return {
        ok: false,
        entries: chain.length,
        firstBad: { index: links.index, seq: links.seq, reason: links.reason },
        content,
      };
    }
    return { ok: contentOk, entries: links.length, headHash: links.headHash, content };
  }
}

// Litigation case use cases: load the case under a row lock, apply the pure core, store the new value, in one transaction.
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { type Clock, err, ok, type Result } from '../../kernel/index.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { type CaseReportInput, caseReport, type RenderedReport, renderReport } from '../reports/index.js';
import { CustodyService, type EvidenceVerification } from './cases-custody.js';
import { casesApiLimits } from './cases-limits.js';
import { litigationCases } from './cases-schema.js';
import {
  type Actor,
  addDocumentVersion,
  addMilestone,
  addParty,
  type CaseStage,
  caseTransitions,
  completeMilestone,
  type LitigationCase,
  openCase,
  type PartyRole,
  transitionCase,
} from './core/cases/index.js';
import type { EvidenceStore } from './evidence-store.js';

/** Who acts: the signed-in user. */
export interface CaseActor {
  readonly userId: string;
  readonly username: string;
}

/** A case as the API shows it: times as ISO text, plus the stages it may move to next. */
export interface CaseView {
  readonly id: string;
  readonly title: string;
  readonly stage: CaseStage;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly allowedTransitions: readonly CaseStage[];
  readonly parties: LitigationCase['parties'];
  readonly milestones: readonly { id: string; title: string; dueDate: string; completedAt: string | null }[];
  readonly documents: readonly {
    id: string;
    title: string;
    versions: readonly {
      version: number;
      sha256: string;
      sizeBytes: number;
      addedBy: string;
      addedAt: string;
      note?: string;
    }[];
  }[];
  readonly evidenceIds: readonly string[];
  readonly timeline: readonly TimelineView[];
}

/** One timeline event for the API. */
export interface TimelineView {
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  readonly detail: string;
}

/** A row of the case list. */
export interface CaseSummary {
  readonly id: string;
  readonly title: string;
  readonly stage: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Turns the core value into its API view. */
export function caseView(c: LitigationCase, updatedAt: Date): CaseView {
  return {
    id: c.id,
    title: c.title,
    stage: c.stage,
    openedAt: iso(c.openedAtMs),
    updatedAt: updatedAt.toISOString(),
    allowedTransitions: caseTransitions[c.stage],
    parties: c.parties,
    milestones: c.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueDate: m.dueDate,
      completedAt: m.completedAtMs === undefined ? null : iso(m.completedAtMs),
    })),
    documents: c.documents.map((d) => ({
      id: d.id,
      title: d.title,
      versions: d.versions.map(({ addedAtMs, ...v }) => ({ ...v, addedAt: iso(addedAtMs) })),
    })),
    evidenceIds: c.evidenceIds,
    timeline: c.timeline.map((e) => ({ at: iso(e.atMs), actor: e.actor, kind: e.kind, detail: e.detail })),
  };
}

/** Cases: create, list, read, and every change the core allows; evidence custody lives in `custody`. */
export class CasesService {
  /** Evidence collection, custody and verification. */
  readonly custody: CustodyService;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    evidence: EvidenceStore,
    private readonly documents: EvidenceStore,
  ) {
    this.custody = new CustodyService(
      db,
      clock,
      evidence,
      (caseId, fn, alongside) => this.mutate(caseId, fn, alongside),
      async (caseId) => {
        const c = await this.get(caseId);
        return c.ok ? ok(c.value.stage) : c;
      },
    );
  }

  // The core refuses time running backwards; a wall clock stepped back by NTP must not lock a case.
  private actorAt(c: LitigationCase | null, by: CaseActor): Actor {
    const last = c?.timeline[c.timeline.length - 1]?.atMs ?? 0;
    return { actor: by.username, atMs: Math.max(this.clock.nowMs(), last) };
  }

  /** Opens a case at intake. */
  async create(title: string, by: CaseActor): Promise<Result<CaseView>> {
    const opened = openCase(randomUUID(), title, this.actorAt(null, by));
    if (!opened.ok) return opened;
    const c = opened.value;
    const now = new Date(c.openedAtMs);
    await this.db.insert(litigationCases).values({
      id: c.id,
      title: c.title,
      stage: c.stage,
      state: c,
      revision: c.timeline.length,
      createdBy: by.userId,
      createdAt: now,
      updatedAt: now,
    });
    return ok(caseView(c, now));
  }

  /** Newest first, optionally one stage only. */
  async list(options: { stage?: string; limit: number; offset: number }): Promise<CaseSummary[]> {
    const rows = await this.db
      .select({
        id: litigationCases.id,
        title: litigationCases.title,
        stage: litigationCases.stage,
        createdAt: litigationCases.createdAt,
        updatedAt: litigationCases.updatedAt,
      })
      .from(litigationCases)
      .where(options.stage === undefined ? undefined : eq(litigationCases.stage, options.stage))
      .orderBy(desc(litigationCases.updatedAt))
      .limit(Math.min(options.limit, casesApiLimits.casesPerPageMax))
      .offset(options.offset);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
  }

  /** One case, or `case_not_found`. */
  async get(id: string): Promise<Result<CaseView>> {
    const [row] = await this.db.select().from(litigationCases).where(eq(litigationCases.id, id));
    if (row === undefined) return err('case_not_found', id);
    return ok(caseView(row.state, row.updatedAt));
  }

  /**
   * Applies `change` to the case under a row lock and stores the result in the same transaction, so two
   * concurrent changes never both build on the same revision.
   */
  async mutate(
    id: string,
    change: (c: LitigationCase, at: (by: CaseActor) => Actor) => Result<LitigationCase>,
    alongside?: (tx: Tx) => Promise<void>,
  ): Promise<Result<CaseView>> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(litigationCases).where(eq(litigationCases.id, id)).for('update');
      if (row === undefined) return err('case_not_found', id);
      const changed = change(row.state, (by) => this.actorAt(row.state, by));
      if (!changed.ok) return changed;
      const c = changed.value;
      const updatedAt = new Date(Math.max(this.clock.nowMs(), row.updatedAt.getTime()));
      await tx
        .update(litigationCases)
        .set({ state: c, stage: c.stage, title: c.title, revision: c.timeline.length, updatedAt })
        .where(eq(litigationCases.id, id));
      await alongside?.(tx);
      return ok(caseView(c, updatedAt));
    });
  }

  /** Moves the case to `to` when the lifecycle allows it. */
  transition(id: string, to: string, reason: string, by: CaseActor): Promise<Result<CaseView>> {
    return this.mutate(id, (c, at) => transitionCase(c, to, at(by), reason));
  }

  /** Adds a party (the id is generated). */
  addParty(id: string, party: { name: string; role: PartyRole; email?: string }, by: CaseActor) {
    return this.mutate(id, (c, at) => addParty(c, { id: randomUUID(), ...party }, at(by)));
  }

  /** Adds a milestone (the id is generated). */
  addMilestone(id: string, milestone: { title: string; dueDate: string }, by: CaseActor) {
    return this.mutate(id, (c, at) => addMilestone(c, { id: randomUUID(), ...milestone }, at(by)));
  }

  /** Completes a milestone. */
  completeMilestone(id: string, milestoneId: string, by: CaseActor) {
    return this.mutate(id, (c, at) => completeMilestone(c, milestoneId, at(by)));
  }

  /**
   * Stores an uploaded document version (streamed and hashed, never buffered whole) and records it on the case.
   * A new `documentId` is generated when none is given, creating the document at version 1.
   */
  async addDocumentVersion(
    id: string,
    doc: { documentId?: string; title: string; note?: string },
    body: NodeJS.ReadableStream,
    by: CaseActor,
  ): Promise<Result<CaseView>> {
    const current = await this.get(id);
    if (!current.ok) return current;
    if (current.value.stage === 'closed') return err('case_is_closed');
    const stored = await this.documents.put(id, body);
    if (!stored.ok) return stored;
    const { sha256, sizeBytes } = stored.value;
    const documentId = doc.documentId ?? randomUUID();
    return this.mutate(id, (c, at) =>
      addDocumentVersion(
        c,
        { id: documentId, title: doc.title, sha256, sizeBytes, ...(doc.note ? { note: doc.note } : {}) },
        at(by),
      ),
    );
  }

  /** Reads a stored document version. */
  async openDocument(id: string, documentId: string, version: number) {
    const current = await this.get(id);
    if (!current.ok) return current;
    const v = current.value.documents.find((d) => d.id === documentId)?.versions.find((x) => x.version === version);
    if (v === undefined) return err('document_version_not_found', `${documentId} v${version}`);
    const stream = await this.documents.open(id, v.sha256);
    if (stream === null) return err('document_content_missing', v.sha256);
    return ok({ stream, sha256: v.sha256, sizeBytes: v.sizeBytes });
  }

  /** The case's timeline, oldest first. */
  async timeline(id: string): Promise<Result<readonly TimelineView[]>> {
    const c = await this.get(id);
    return c.ok ? ok(c.value.timeline) : c;
  }

  /** The plain facts the legal report is built from, with every evidence item verified now. */
  async caseReportInput(id: string): Promise<Result<CaseReportInput>> {
    const got = await this.get(id);
    if (!got.ok) return got;
    const c = got.value;
    const items = await this.custody.list(id);
    const evidence: CaseReportInput['evidence'][number][] = [];
    for (const item of items) {
      const v: EvidenceVerification = await this.custody.verifyItem(item);
      evidence.push({
        id: item.id,
        title: item.title,
        sha256: item.sha256,
        custodyEntries: v.entries,
        custodyIntact: v.ok,
        ...(v.firstBad !== undefined ? { firstBadEntry: v.firstBad.seq } : v.content.ok ? {} : { firstBadEntry: 0 }),
      });
    }
    return ok({
      caseId: c.id,
      title: c.title,
      stage: c.stage,
      openedAt: c.openedAt,
      parties: c.parties.map((p) => ({ name: p.name, role: p.role, ...(p.email ? { email: p.email } : {}) })),
      milestones: c.milestones.map((m) => ({ title: m.title, dueDate: m.dueDate, completed: m.completedAt !== null })),
      documents: c.documents.map((d) => ({
        title: d.title,
        versions: d.versions.length,
        latestSha256: d.versions[d.versions.length - 1]?.sha256 ?? '',
      })),
      evidence,
      timeline: c.timeline,
    });
  }

  /** Renders the legal report of a case for a reader, masked by that reader's role. */
  async legalReport(id: string, readerRole: string, format: string): Promise<Result<RenderedReport>> {
    const input = await this.caseReportInput(id);
    if (!input.ok) return input;
    const model = caseReport(input.value, readerRole, new Date(this.clock.nowMs()).toISOString());
    return renderReport(model, readerRole, format);
  }
}

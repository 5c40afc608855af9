// A litigation case as an immutable value: parties, milestones, documents with versions, linked evidence and a timeline.

import { err, ok, type Result } from '../../../../kernel/index.js';
import { type CaseStage, canTransition, caseStages } from './lifecycle.js';
import { caseLimits } from './limits.js';

/** A party's part in the case. */
export type PartyRole = 'plaintiff' | 'defendant' | 'witness' | 'counsel' | 'investigator' | 'judge' | 'other';

/** A person or organisation in the case. `name` and `email` are personal data and masked in reports. */
export interface Party {
  readonly id: string;
  readonly name: string;
  readonly role: PartyRole;
  readonly email?: string;
}

/** A dated goal such as a filing deadline. */
export interface Milestone {
  readonly id: string;
  readonly title: string;
  /** ISO `yyyy-mm-dd`. */
  readonly dueDate: string;
  readonly completedAtMs?: number;
}

/** One version of a case document. */
export interface DocumentVersion {
  readonly version: number;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly addedBy: string;
  readonly addedAtMs: number;
  readonly note?: string;
}

/** A case document and every version of it, oldest first. */
export interface CaseDocument {
  readonly id: string;
  readonly title: string;
  readonly versions: readonly DocumentVersion[];
}

/** One event in the case's history. */
export interface TimelineEvent {
  readonly atMs: number;
  readonly actor: string;
  readonly kind:
    | 'opened'
    | 'stage_changed'
    | 'party_added'
    | 'milestone_added'
    | 'milestone_completed'
    | 'document_version_added'
    | 'evidence_linked';
  readonly detail: string;
}

/** A litigation case. */
export interface LitigationCase {
  readonly id: string;
  readonly title: string;
  readonly stage: CaseStage;
  readonly openedAtMs: number;
  readonly parties: readonly Party[];
  readonly milestones: readonly Milestone[];
  readonly documents: readonly CaseDocument[];
  readonly evidenceIds: readonly string[];
  readonly timeline: readonly TimelineEvent[];
}

/** Who acts and when, for every command. */
export interface Actor {
  readonly actor: string;
  readonly atMs: number;
}

/** Opens a case at intake. */
export function openCase(id: string, title: string, by: Actor): Result<LitigationCase> {
  if (title.trim() === '' || title.length > caseLimits.titleLengthMax)
    return err('case_title_invalid', undefined, 'title');
  if (!Number.isSafeInteger(by.atMs)) return err('case_time_invalid', undefined, 'atMs');
  return ok({
    id,
    title,
    stage: 'intake',
    openedAtMs: by.atMs,
    parties: [],
    milestones: [],
    documents: [],
    evidenceIds: [],
    timeline: [{ atMs: by.atMs, actor: by.actor, kind: 'opened', detail: title }],
  });
}

// Shared guard of every change: closed cases are read-only and the timeline never runs backwards.
function guard(c: LitigationCase, by: Actor): Result<null> {
  if (c.stage === 'closed') return err('case_is_closed');
  const last = c.timeline[c.timeline.length - 1];
  if (!Number.isSafeInteger(by.atMs) || (last !== undefined && by.atMs < last.atMs)) {
    return err('case_time_must_not_go_backwards', undefined, 'atMs');
  }
  if (c.timeline.length >= caseLimits.timelineEventsMax) return err('case_timeline_full');
  return ok(null);
}

function withEvent(
  c: LitigationCase,
  by: Actor,
  kind: TimelineEvent['kind'],
  detail: string,
): LitigationCase['timeline'] {
  return [...c.timeline, { atMs: by.atMs, actor: by.actor, kind, detail }];
}

/** Moves the case to another stage when the lifecycle allows it. */
export function transitionCase(c: LitigationCase, to: string, by: Actor, reason = ''): Result<LitigationCase> {
  if (!(caseStages as readonly string[]).includes(to)) return err('case_stage_unknown', to, 'stage');
  const g = guard(c, by);
  if (!g.ok) return g;
  const next = to as CaseStage;
  if (!canTransition(c.stage, next)) return err('case_transition_not_allowed', `${c.stage} -> ${next}`, 'stage');
  const detail = `${c.stage} -> ${next}${reason ? `: ${reason}` : ''}`;
  return ok({ ...c, stage: next, timeline: withEvent(c, by, 'stage_changed', detail) });
}

/** Adds a party; ids are unique within the case. */
export function addParty(c: LitigationCase, party: Party, by: Actor): Result<LitigationCase> {
  const g = guard(c, by);
  if (!g.ok) return g;
  if (c.parties.length >= caseLimits.partiesMax) return err('case_parties_full');
  if (c.parties.some((p) => p.id === party.id)) return err('case_party_exists', party.id, 'id');
  if (party.name.trim() === '') return err('case_party_name_required', undefined, 'name');
  // The timeline names the role only: it is shown to readers who may not see personal data.
  return ok({
    ...c,
    parties: [...c.parties, party],
    timeline: withEvent(c, by, 'party_added', `${party.role} ${party.id}`),
  });
}

/** Adds a milestone with an ISO due date. */
export function addMilestone(
  c: LitigationCase,
  m: Omit<Milestone, 'completedAtMs'>,
  by: Actor,
): Result<LitigationCase> {
  const g = guard(c, by);
  if (!g.ok) return g;
  if (c.milestones.length >= caseLimits.milestonesMax) return err('case_milestones_full');
  if (c.milestones.some((x) => x.id === m.id)) return err('case_milestone_exists', m.id, 'id');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(m.dueDate)) return err('case_milestone_due_date_invalid', undefined, 'dueDate');
  return ok({
    ...c,
    milestones: [...c.milestones, m],
    timeline: withEvent(c, by, 'milestone_added', `${m.title} due ${m.dueDate}`),
  });
}

/** Marks a milestone complete (once). */
export function completeMilestone(c: LitigationCase, milestoneId: string, by: Actor): Result<LitigationCase> {
  const g = guard(c, by);
  if (!g.ok) return g;
  const m = c.milestones.find((x) => x.id === milestoneId);
  if (m === undefined) return err('case_milestone_not_found', milestoneId, 'milestoneId');
  if (m.completedAtMs !== undefined) return err('case_milestone_already_completed', milestoneId, 'milestoneId');
  const milestones = c.milestones.map((x) => (x.id === milestoneId ? { ...x, completedAtMs: by.atMs } : x));
  return ok({ ...c, milestones, timeline: withEvent(c, by, 'milestone_completed', m.title) });
}

/** Milestones not completed whose due date is before `todayIso`. */
export function overdueMilestones(c: LitigationCase, todayIso: string): Milestone[] {
  return c.milestones.filter((m) => m.completedAtMs === undefined && m.dueDate < todayIso);
}

/** Adds a new version of a document (creating the document at version 1); identical content is refused. */
export function addDocumentVersion(
  c: LitigationCase,
  doc: { id: string; title: string; sha256: string; sizeBytes: number; note?: string },
  by: Actor,
): Result<LitigationCase> {
  const g = guard(c, by);
  if (!g.ok) return g;
  if (!/^[0-9a-f]{64}$/.test(doc.sha256)) return err('document_hash_invalid', undefined, 'sha256');
  const existing = c.documents.find((d) => d.id === doc.id);
  if (existing === undefined && c.documents.length >= caseLimits.documentsMax) return err('case_documents_full');
  const versions = existing?.versions ?? [];
  if (versions.length >= caseLimits.versionsPerDocumentMax) return err('document_versions_full', doc.id);
  if (versions[versions.length - 1]?.sha256 === doc.sha256) return err('document_version_unchanged', doc.id, 'sha256');
  const version: DocumentVersion = {
    version: versions.length + 1,
    sha256: doc.sha256,
    sizeBytes: doc.sizeBytes,
    addedBy: by.actor,
    addedAtMs: by.atMs,
    ...(doc.note !== undefined ? { note: doc.note } : {}),
  };
  const updated: CaseDocument = { id: doc.id, title: doc.title, versions: [...versions, version] };
  const documents =
    existing === undefined ? [...c.documents, updated] : c.documents.map((d) => (d.id === doc.id ? updated : d));
  return ok({
    ...c,
    documents,
    timeline: withEvent(c, by, 'document_version_added', `${doc.title} v${version.version}`),
  });
}

/** Links an evidence item (see core/custody) to the case. */
export function linkEvidence(c: LitigationCase, evidenceId: string, by: Actor): Result<LitigationCase> {
  const g = guard(c, by);
  if (!g.ok) return g;
  if (c.evidenceIds.includes(evidenceId)) return err('case_evidence_already_linked', evidenceId, 'evidenceId');
  return ok({
    ...c,
    evidenceIds: [...c.evidenceIds, evidenceId],
    timeline: withEvent(c, by, 'evidence_linked', evidenceId),
  });
}

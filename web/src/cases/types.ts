// Shapes of the cases and evidence API (/api/v1/examiner/cases, /api/v1/examiner/evidence) as the UI reads them.

/** Lifecycle stages in order. */
export const caseStages = ['intake', 'investigation', 'filed', 'discovery', 'trial', 'judgment', 'closed'] as const;

/** Party roles the server accepts. */
export const partyRoles = ['plaintiff', 'defendant', 'witness', 'counsel', 'investigator', 'judge', 'other'] as const;

/** A row of the case list. */
export interface CaseSummary {
  id: string;
  title: string;
  stage: string;
  createdAt: string;
  updatedAt: string;
}

/** One case with everything recorded on it. */
export interface CaseDetail {
  id: string;
  title: string;
  stage: string;
  openedAt: string;
  updatedAt: string;
  allowedTransitions: string[];
  parties: Array<{ id: string; name: string; role: string; email?: string }>;
  milestones: Array<{ id: string; title: string; dueDate: string; completedAt: string | null }>;
  documents: Array<{
    id: string;
    title: string;
    versions: Array<{
      version: number;
      sha256: string;
      sizeBytes: number;
      addedBy: string;
      addedAt: string;
      note?: string;
    }>;
  }>;
  evidenceIds: string[];
  timeline: Array<{ at: string; actor: string; kind: string; detail: string }>;
}

/** An evidence item. */
export interface EvidenceItem {
  id: string;
  caseId: string;
  title: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  collectedBy: string;
  collectedAt: string;
}

/** One custody entry. */
export interface CustodyEntry {
  itemId: string;
  seq: number;
  action: string;
  actor: string;
  at: string;
  toCustodian?: string;
  contentSha256?: string;
  note?: string;
  prevHash: string;
  hash: string;
}

/** Answer of GET /examiner/evidence/:id/custody/verify. */
export interface CustodyVerification {
  ok: boolean;
  entries: number;
  headHash?: string;
  firstBad?: { index: number; seq: number; reason: string };
  content: {
    ok: boolean;
    expectedSha256: string;
    actualSha256: string | null;
    sizeBytes: number | null;
    reason?: string;
  };
}

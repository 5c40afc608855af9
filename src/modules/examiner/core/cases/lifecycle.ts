// The litigation lifecycle: stages and the transitions allowed between them.

/** Stages a case moves through, in order. */
export const caseStages = ['intake', 'investigation', 'filed', 'discovery', 'trial', 'judgment', 'closed'] as const;

/** One stage. */
export type CaseStage = (typeof caseStages)[number];

/**
 * Allowed next stages. A case moves forward one stage at a time; it may close from any open stage (declined at
 * intake, no case after investigation, settled or dismissed after filing) but never reopens: a new matter is a new case.
 */
export const caseTransitions: Readonly<Record<CaseStage, readonly CaseStage[]>> = {
  intake: ['investigation', 'closed'],
  investigation: ['filed', 'closed'],
  filed: ['discovery', 'closed'],
  discovery: ['trial', 'closed'],
  trial: ['judgment', 'closed'],
  judgment: ['closed'],
  closed: [],
};

/** True when `from` may move to `to`. */
export function canTransition(from: CaseStage, to: CaseStage): boolean {
  return caseTransitions[from].includes(to);
}

// Every limit of litigation case management, named once.

/** Bounds on one case. */
export const caseLimits = {
  titleLengthMax: 300,
  partiesMax: 500,
  milestonesMax: 1_000,
  documentsMax: 10_000,
  versionsPerDocumentMax: 1_000,
  timelineEventsMax: 100_000,
} as const;

// Every limit of the cases and evidence API, named once (the cores' own limits live in core/cases and core/custody).

/** Bounds on case and evidence requests. */
export const casesApiLimits = {
  /** Cases one list call returns. */
  casesPerPageMax: 200,
  /** Party names, milestone and document titles, notes. */
  nameLengthMax: 200,
  noteLengthMax: 1_000,
  emailLengthMax: 254,
  mediaTypeLengthMax: 200,
} as const;

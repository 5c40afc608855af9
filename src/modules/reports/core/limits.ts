// Every limit of report generation, named once.

/** Bounds on one report. */
export const reportLimits = {
  sectionsMax: 200,
  tableRowsMax: 100_000,
  tableColumnsMax: 50,
  /** Excel refuses sheet names longer than 31 characters. */
  sheetNameLengthMax: 31,
} as const;

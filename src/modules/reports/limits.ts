// Every limit of the reports service, named once (rendering bounds live in core/limits.ts).

/** Bounds on report requests, lists and schedules. */
export const reportServiceLimits = {
  /** Rows one list call returns. */
  listMax: 200,
  /** Schedules one user may hold. */
  schedulesPerUserMax: 50,
  /** Schedules one scheduler pass runs; the rest wait for the next pass. */
  schedulesPerTickMax: 20,
  /** How often the in-process scheduler looks for due schedules. */
  schedulerTickMs: 30_000,
  /** Text fields inside report inputs. */
  inputTextLengthMax: 2_000,
  /** Rows of any list inside a report input (also bounded by the request body size). */
  inputRowsMax: 10_000,
} as const;

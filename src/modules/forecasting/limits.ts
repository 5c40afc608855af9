// The forecasting module's limits: core limits are defined in core/limits.ts (so core imports stay inside core)
// and surfaced here; the storage and HTTP bounds of the service live below.
export { forecastingLimits, weeksPerYear } from './core/limits.js';

/** Bounds of the historical data repository, its ingestion paths and its HTTP surface. */
export const forecastingServiceLimits = {
  /** Points in one JSON batch (`POST /metrics/:source/:metric/points`) or one bus message. */
  pointsPerBatchMax: 10_000,
  /** Bytes of one CSV upload (about 300,000 short rows). */
  csvBytesMax: 8 * 1_048_576,
  /** Data rows of one CSV upload. */
  csvRowsMax: 200_000,
  /** Rejected CSV rows reported one by one; the rest are counted. */
  csvRejectedReportedMax: 1_000,
  /** Rows written by one INSERT statement (sent as one JSON parameter of about 60 bytes a row). */
  insertChunkRows: 5_000,
  /** Raw points returned by one history page. */
  historyPageMax: 5_000,
  historyPageDefault: 500,
  /** Series listed by `GET /metrics`. */
  seriesListedMax: 1_000,
  /** Bus messages waiting to be stored before new ones are dropped (and counted). */
  ingestQueueDepthMax: 1_000,
  /** Bus messages stored together, in one statement when they are one series' points, else one transaction. */
  ingestBatchMessagesMax: 1_000,
  /** Wait before a batch is stored, so a stream of one-point messages (one per trade) becomes few writes. */
  ingestDelayMs: 50,
  /** Observation times accepted: 1000-01-01 to 9999-12-31 UTC, inside both JavaScript's and PostgreSQL's range. */
  timeMsMin: -30_610_224_000_000,
  timeMsMax: 253_402_300_799_999,
  /** Length of a source or metric name. */
  nameLengthMax: 100,
  /** Metadata keys per point, and the length of a string metadata value. */
  metadataKeysMax: 20,
  metadataStringLengthMax: 200,
} as const;

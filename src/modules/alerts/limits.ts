// Bounds of the alerts service (evaluation queue, webhooks, pages); the evaluator's own bounds are in core/limits.ts.

export { alertLimits } from './core/limits.js';

/** Limits of the alert service and its webhook delivery; see README.md for the reasoning. */
export const alertServiceLimits = {
  /** Most bus messages waiting for evaluation; beyond this new messages are dropped and counted. */
  evaluationQueueMax: 10_000,
  /** Most points taken from one metrics.samples message. */
  pointsPerMessageMax: 10_000,
  /** Most stored rules (the evaluator holds them all). */
  rulesMax: 10_000,
  /** Attempts per webhook delivery, the first included. */
  webhookAttemptsMax: 5,
  /** Wait before the second attempt; doubled before each further one (1 s, 2 s, 4 s, 8 s). */
  webhookBackoffMs: 1_000,
  /** Time allowed for one webhook request, connection and response included. */
  webhookTimeoutMs: 5_000,
  /** Most deliveries held at once (queued, in flight or between retries); beyond this new ones are dropped. */
  webhookQueueMax: 1_000,
  /** Deliveries in flight at once. */
  webhookConcurrency: 4,
  /** Longest webhook URL (the alert_rule.webhook_url column). */
  webhookUrlLengthMax: 2_000,
  /** Largest page of events. */
  eventsPageMax: 200,
  /** Events per page when `limit` is not given. */
  eventsPageDefault: 50,
} as const;

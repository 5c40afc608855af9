// The historical data repository: one row per observation of a (source, metric) time series.
import { bigserial, doublePrecision, jsonb, pgTable, timestamp, unique, varchar } from 'drizzle-orm/pg-core';

/**
 * Observations of named series (seed 000 "Historical Data Repository"). `(source, metric, time)` is unique,
 * so re-sending the same observation (a CSV re-upload, a replayed bus message) upserts instead of duplicating.
 */
export const metricSample = pgTable(
  'metric_sample',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: varchar('source', { length: 100 }).notNull(),
    metric: varchar('metric', { length: 100 }).notNull(),
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
    value: doublePrecision('value').notNull(),
    metadata: jsonb('metadata'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('metric_sample_series_time').on(t.source, t.metric, t.time)],
);

// Seed 000's alert tables: rules over metrics and the events they raised.
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/schema.js';

/** A rule: metric, condition, threshold, severity, cool-down; enabled or not. */
export const alertRule = pgTable('alert_rule', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: uuid('user_id').references(() => users.id),
  metric: varchar('metric', { length: 200 }).notNull(),
  condition: varchar('condition', { length: 30 }).notNull(),
  threshold: doublePrecision('threshold').notNull(),
  severity: varchar('severity', { length: 20 }).notNull(),
  enabled: boolean('enabled').notNull().default(true),
  cooldownSeconds: integer('cooldown_seconds').notNull().default(0),
  options: jsonb('options'),
  webhookUrl: varchar('webhook_url', { length: 2000 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An event raised by a rule, with the value that triggered it. */
export const alertEvent = pgTable(
  'alert_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: bigint('rule_id', { mode: 'number' })
      .notNull()
      .references(() => alertRule.id),
    triggeredAt: timestamp('triggered_at', { withTimezone: true }).notNull(),
    value: doublePrecision('value').notNull(),
    acknowledged: boolean('acknowledged').notNull().default(false),
    acknowledgedBy: uuid('acknowledged_by'),
    details: jsonb('details'),
  },
  // The events list filters on unacknowledged events, newest first (keyset on id).
  (t) => [index('idx_alert_event_rule').on(t.ruleId), index('idx_alert_event_open').on(t.acknowledged, t.id)],
);

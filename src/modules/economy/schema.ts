// Seed 000's simulation tables: named parameter sets per user and the runs made from them.
import { bigint, bigserial, index, jsonb, pgTable, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/schema.js';

/** Named, saved simulation parameter sets (unique per user and name). */
export const simulationConfig = pgTable(
  'simulation_config',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').references(() => users.id),
    name: varchar('name', { length: 255 }).notNull(),
    parameters: jsonb('parameters').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('simulation_config_user_name').on(t.userId, t.name), index('idx_simconfig_user').on(t.userId)],
);

/** One simulation run: its parameters, results (downsampled series) and metrics. */
export const simulationRun = pgTable(
  'simulation_run',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    configId: bigint('config_id', { mode: 'number' }).references(() => simulationConfig.id),
    userId: uuid('user_id').references(() => users.id),
    parameters: jsonb('parameters').notNull(),
    results: jsonb('results').notNull(),
    metrics: jsonb('metrics'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_simrun_config').on(t.configId),
    index('idx_simrun_created').on(t.createdAt),
    // The run list shows each user their own runs newest first (keyset on id).
    index('idx_simrun_user_id').on(t.userId, t.id),
  ],
);

// Tables of generated reports (file metadata; the bytes live under DATA_DIR/reports) and report schedules.
import { bigint, index, jsonb, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A report schedule: a cron expression and what to render, as its creator (whose role sets the masking). */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    id: uuid('id').primaryKey(),
    cron: varchar('cron', { length: 120 }).notNull(),
    kind: varchar('kind', { length: 40 }).notNull(),
    format: varchar('format', { length: 10 }).notNull(),
    input: jsonb('input').notNull(),
    audience: varchar('audience', { length: 50 }).notNull(),
    /** The creator's role when the schedule was made: every run is masked for it. */
    readerRole: varchar('reader_role', { length: 50 }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    nextRunAt: ts('next_run_at').notNull(),
    lastRunAt: ts('last_run_at'),
    lastError: varchar('last_error', { length: 200 }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('idx_report_schedules_next').on(t.nextRunAt)],
);

/** A generated report file: who asked, what, the masking role used, where the bytes are and their SHA-256. */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    kind: varchar('kind', { length: 40 }).notNull(),
    format: varchar('format', { length: 10 }).notNull(),
    audience: varchar('audience', { length: 50 }).notNull(),
    /** The role the content was masked for; only readers who may see at least as much may download it. */
    readerRole: varchar('reader_role', { length: 50 }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    scheduleId: uuid('schedule_id').references(() => reportSchedules.id, { onDelete: 'set null' }),
    /** Path relative to DATA_DIR, e.g. `reports/case_report/<id>.pdf`. */
    path: varchar('path', { length: 300 }).notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    mediaType: varchar('media_type', { length: 100 }).notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('idx_reports_created').on(t.createdAt), index('idx_reports_creator').on(t.createdBy)],
);

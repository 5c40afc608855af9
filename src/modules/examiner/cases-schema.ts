// Tables of litigation cases and evidence custody: the case as a JSONB value with indexed columns, evidence items and their custody chains.
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/schema.js';
import type { LitigationCase } from './core/cases/index.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One litigation case. The whole case (parties, milestones, documents, timeline) is the core's immutable value,
 * stored as JSONB and replaced under a row lock on every change; `title`, `stage` and the times are copied into
 * columns so lists filter and sort without opening the JSON.
 */
export const litigationCases = pgTable(
  'litigation_cases',
  {
    id: uuid('id').primaryKey(),
    title: varchar('title', { length: 300 }).notNull(),
    stage: varchar('stage', { length: 20 }).notNull(),
    state: jsonb('state').$type<LitigationCase>().notNull(),
    /** Incremented on every change (the number of timeline events so far). */
    revision: integer('revision').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('idx_cases_stage').on(t.stage), index('idx_cases_updated').on(t.updatedAt)],
);

/** A stored file: evidence, or a version of a case document. Content-addressed under DATA_DIR. */
export const evidenceItems = pgTable(
  'evidence_items',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => litigationCases.id),
    title: varchar('title', { length: 500 }).notNull(),
    mediaType: varchar('media_type', { length: 200 }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    collectedBy: varchar('collected_by', { length: 100 }).notNull(),
    collectedAt: ts('collected_at').notNull(),
  },
  (t) => [index('idx_evidence_case').on(t.caseId)],
);

/** One link of an item's custody chain (core/custody): each row carries the hash of the row before. */
export const custodyEntries = pgTable(
  'custody_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => evidenceItems.id),
    seq: integer('seq').notNull(),
    action: varchar('action', { length: 20 }).notNull(),
    actor: varchar('actor', { length: 100 }).notNull(),
    atMs: bigint('at_ms', { mode: 'number' }).notNull(),
    toCustodian: varchar('to_custodian', { length: 200 }),
    contentSha256: varchar('content_sha256', { length: 64 }),
    note: text('note'),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (t) => [unique('custody_item_seq').on(t.itemId, t.seq)],
);

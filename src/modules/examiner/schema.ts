// The Examiner's tables: imported bank lines and expenses, import batches, reconciliation, fraud and POV results.
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One upload: who sent which file kind and format, and what became of its rows (rejections bounded). */
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: varchar('kind', { length: 20 }).notNull(),
    format: varchar('format', { length: 20 }).notNull(),
    account: varchar('account', { length: 100 }),
    currency: varchar('currency', { length: 3 }),
    mappingName: varchar('mapping_name', { length: 100 }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    accepted: integer('accepted').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** The first rejections ({line, reason, detail}); `rejected` holds the full count. */
    rejections: jsonb('rejections').notNull().default([]),
    status: varchar('status', { length: 20 }).notNull(),
  },
  (t) => [index('import_batches_created_idx').on(t.createdAt)],
);

/** Seed 003's bank statement lines; `id` is the importer's row fingerprint, so a re-import adds nothing. */
export const bankStatements = pgTable(
  'bank_statements',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    account: varchar('account', { length: 100 }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    /** Major units as NUMERIC for people and SQL; `amountMinor` is what the code reads. */
    amount: numeric('amount', { precision: 24, scale: 4 }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    description: text('description').notNull(),
    reference: varchar('reference', { length: 1000 }),
    reconciliationStatus: varchar('reconciliation_status', { length: 20 }).notNull().default('unmatched'),
    importBatchId: uuid('import_batch_id').references(() => importBatches.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('bank_statements_account_date_idx').on(t.account, t.date),
    index('bank_statements_status_idx').on(t.reconciliationStatus),
  ],
);

/** Seed 003's expenses; `id` is the importer's row fingerprint. */
export const expenses = pgTable(
  'expenses',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    date: date('date', { mode: 'string' }).notNull(),
    amount: numeric('amount', { precision: 24, scale: 4 }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    vendor: varchar('vendor', { length: 1000 }).notNull(),
    description: text('description').notNull(),
    category: varchar('category', { length: 1000 }),
    reference: varchar('reference', { length: 1000 }),
    reconciliationStatus: varchar('reconciliation_status', { length: 20 }).notNull().default('unmatched'),
    importBatchId: uuid('import_batch_id').references(() => importBatches.id),
    /** Seed 003: POV-specific analysis results attached to the expense. */
    povAnalysis: jsonb('pov_analysis'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('expenses_date_idx').on(t.date), index('expenses_status_idx').on(t.reconciliationStatus)],
);

/** A bank's CSV column mapping, saved under a name so the next file imports without questions. */
export const bankCsvMappings = pgTable('bank_csv_mappings', {
  name: varchar('name', { length: 100 }).primaryKey(),
  mapping: jsonb('mapping').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: ts('updated_at').notNull(),
});

/** One reconciliation run: its scope, options and summary. */
export const reconciliationRuns = pgTable('reconciliation_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
  params: jsonb('params').notNull(),
  rate: doublePrecision('rate').notNull(),
  bankCount: integer('bank_count').notNull(),
  expenseCount: integer('expense_count').notNull(),
  matchedCount: integer('matched_count').notNull(),
  reviewCount: integer('review_count').notNull(),
  unmatchedCount: integer('unmatched_count').notNull(),
  /** Unmatched items per category. */
  categories: jsonb('categories').notNull(),
  stats: jsonb('stats').notNull(),
});

/** Seed 003's matches, widened to splits: automatic, suggested for review, confirmed or rejected. */
export const reconciliationMatches = pgTable(
  'reconciliation_matches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => reconciliationRuns.id),
    bankIds: text('bank_ids').array().notNull(),
    expenseIds: text('expense_ids').array().notNull(),
    /** 0-100. */
    confidence: doublePrecision('confidence').notNull(),
    algorithm: varchar('algorithm', { length: 20 }).notNull(),
    status: varchar('status', { length: 20 }).notNull(),
    reviewReason: varchar('review_reason', { length: 30 }),
    rivals: jsonb('rivals'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('reconciliation_matches_run_idx').on(t.runId, t.status)],
);

/** Items a run left unmatched, with the likely reason. */
export const reconciliationUnmatched = pgTable(
  'reconciliation_unmatched',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => reconciliationRuns.id),
    side: varchar('side', { length: 10 }).notNull(),
    itemId: varchar('item_id', { length: 64 }).notNull(),
    category: varchar('category', { length: 30 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.side, t.itemId] })],
);

/** What confirmed matches taught (vendor aliases, date lags); one row per scope, `default` for now. */
export const reconcileKnowledge = pgTable('reconcile_knowledge', {
  scope: varchar('scope', { length: 100 }).primaryKey(),
  knowledge: jsonb('knowledge').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Pairs a person rejected: never proposed again. */
export const reconcileRejectedPairs = pgTable(
  'reconcile_rejected_pairs',
  {
    bankId: varchar('bank_id', { length: 64 }).notNull(),
    expenseId: varchar('expense_id', { length: 64 }).notNull(),
    rejectedBy: uuid('rejected_by').references(() => users.id),
    rejectedAt: ts('rejected_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bankId, t.expenseId] })],
);

/** Versions of the fraud configuration; the highest version is current. */
export const fraudConfig = pgTable('fraud_config', {
  version: integer('version').primaryKey(),
  /** The FraudConfig with bigint fields as decimal strings. */
  config: jsonb('config').notNull(),
  /** Why weights changed (re-weighting adjustments), empty for the default. */
  adjustments: jsonb('adjustments').notNull().default([]),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
});

/** One scoring run over stored expenses of one currency. */
export const fraudRuns = pgTable('fraud_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  configVersion: integer('config_version').notNull(),
  currency: varchar('currency', { length: 3 }).notNull(),
  transactionCount: integer('transaction_count').notNull(),
  flaggedCount: integer('flagged_count').notNull(),
  byPriority: jsonb('by_priority').notNull(),
  benford: jsonb('benford').notNull(),
  /** The POV figures of this run (fraudFigures). */
  figures: jsonb('figures').notNull(),
  seed: integer('seed').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
});

/** A flagged transaction with its explanation and the analyst's verdict. */
export const fraudFlags = pgTable(
  'fraud_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => fraudRuns.id),
    transactionId: varchar('transaction_id', { length: 64 }).notNull(),
    riskScore: integer('risk_score').notNull(),
    category: varchar('category', { length: 40 }),
    priority: varchar('priority', { length: 10 }).notNull(),
    priorityRank: integer('priority_rank').notNull(),
    factors: jsonb('factors').notNull(),
    status: varchar('status', { length: 20 }).notNull().default('open'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('fraud_flags_queue_idx').on(t.status, t.priorityRank, t.riskScore)],
);

/** Seed 003's POV analysis results. */
export const povAnalysis = pgTable('pov_analysis', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  transactionId: varchar('transaction_id', { length: 64 }),
  povRole: varchar('pov_role', { length: 50 }).notNull(),
  analysisResults: jsonb('analysis_results').notNull(),
  riskScore: integer('risk_score'),
  recommendations: text('recommendations').array(),
  scope: jsonb('scope').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
});

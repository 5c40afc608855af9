// Streams an uploaded statement or expense file through its importer into the database, in bounded batches.
import { desc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { type Clock, err, formatMinor, ok, type Result } from '../../kernel/index.js';
import type { Db } from '../../platform/db/database.js';
import type { BankLine, Expense, RowRejection } from './core/records.js';
import { importCamt053 } from './imports/camt053.js';
import { type BankCsvMapping, importBankCsv } from './imports/csv-bank.js';
import { type ExpenseColumns, importExpensesCsv } from './imports/expenses-csv.js';
import { importExpensesXlsx } from './imports/expenses-xlsx.js';
import { type DateFormat, minorDigits, parseCurrency } from './imports/fields.js';
import { importMt940 } from './imports/mt940.js';
import { importOfx } from './imports/ofx.js';
import type { ImportItem, ImportSource } from './imports/types.js';
import { examinerLimits } from './limits.js';
import { bankCsvMappings, importBatches } from './schema.js';

/** What a file holds. */
export type ImportKind = 'bank' | 'expenses';
/** How the file is written. */
export type ImportFormat = 'csv' | 'ofx' | 'qfx' | 'camt053' | 'mt940' | 'xlsx';

/** Formats each kind accepts. */
export const formatsByKind: Readonly<Record<ImportKind, readonly ImportFormat[]>> = {
  bank: ['csv', 'ofx', 'qfx', 'camt053', 'mt940'],
  expenses: ['csv', 'xlsx'],
};

/** The query of an import or preview. */
export interface ImportParams {
  kind: ImportKind;
  format: ImportFormat;
  account?: string;
  currency?: string;
  /** Name of a saved mapping. */
  mapping?: string;
  /** An unsaved mapping as JSON text (the wizard's live preview); wins over `mapping`. */
  mappingJson?: string;
}

/** Column layout of an expense CSV or XLSX file. */
export interface ExpenseMapping {
  columns: ExpenseColumns;
  dateFormat: DateFormat;
  decimalSeparator: '.' | ',';
  delimiter?: string;
  hasHeader: boolean;
  sheet?: string;
}

const dateFormats = ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd.mm.yyyy', 'yyyymmdd', 'yymmdd'] as const;
const Col = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Integer({ minimum: 0, maximum: 1000 })]);
const common = {
  dateFormat: Type.Union(dateFormats.map((f) => Type.Literal(f))),
  decimalSeparator: Type.Union([Type.Literal('.'), Type.Literal(',')]),
  delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
  hasHeader: Type.Boolean(),
};
/** Schema of a saved bank CSV mapping. */
export const BankMappingSchema = Type.Object(
  {
    date: Col,
    amount: Type.Optional(Col),
    debit: Type.Optional(Col),
    credit: Type.Optional(Col),
    description: Col,
    reference: Type.Optional(Col),
    currency: Type.Optional(Col),
    ...common,
  },
  { additionalProperties: false },
);
/** Schema of a saved expense mapping. */
export const ExpenseMappingSchema = Type.Object(
  {
    columns: Type.Object(
      {
        date: Col,
        amount: Col,
        vendor: Col,
        description: Type.Optional(Col),
        category: Type.Optional(Col),
        reference: Type.Optional(Col),
        currency: Type.Optional(Col),
      },
      { additionalProperties: false },
    ),
    ...common,
    sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** Mapping used when none is given: a header row with the field names, ISO dates, decimal point. */
export const defaultBankMapping: BankCsvMapping = {
  date: 'date',
  amount: 'amount',
  description: 'description',
  dateFormat: 'yyyy-mm-dd',
  decimalSeparator: '.',
  hasHeader: true,
};
/** Expense mapping used when none is given. */
export const defaultExpenseMapping: ExpenseMapping = {
  // Only columns every expense file has: a mapped column missing from the header stops the import.
  columns: { date: 'date', amount: 'amount', vendor: 'vendor', description: 'description' },
  dateFormat: 'yyyy-mm-dd',
  decimalSeparator: '.',
  hasHeader: true,
};

/** A bank line or expense as JSON: amount as a decimal string. */
export interface RecordView {
  id: string;
  date: string;
  amount: string;
  currency: string;
  [field: string]: string | number | null;
}

/** What an import reports. */
export interface ImportSummary {
  batchId: string;
  accepted: number;
  duplicates: number;
  rejected: { total: number; rows: RowRejection[] };
}

/** Loads mappings and runs importers; knows nothing of HTTP. */
export class ImportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Saves (or replaces) a named mapping after checking its shape against both kinds. */
  async saveMapping(
    name: string,
    mapping: unknown,
    userId: string | null,
  ): Promise<Result<{ name: string; mapping: unknown }>> {
    if (!Value.Check(BankMappingSchema, mapping) && !Value.Check(ExpenseMappingSchema, mapping)) {
      return err('mapping_invalid', 'not a bank CSV mapping nor an expense mapping', 'mapping');
    }
    const row = { name, mapping, updatedBy: userId, updatedAt: new Date(this.clock.nowMs()) };
    await this.db.insert(bankCsvMappings).values(row).onConflictDoUpdate({ target: bankCsvMappings.name, set: row });
    return ok({ name, mapping });
  }

  /** One saved mapping. */
  async getMapping(name: string): Promise<Result<{ name: string; mapping: unknown; updatedAt: string }>> {
    const [row] = await this.db.select().from(bankCsvMappings).where(eq(bankCsvMappings.name, name));
    if (!row) return err('mapping_not_found', name);
    return ok({ name: row.name, mapping: row.mapping, updatedAt: row.updatedAt.toISOString() });
  }

  /** Every saved mapping name. */
  async listMappings(): Promise<{ name: string; mapping: unknown }[]> {
    const rows = await this.db.select().from(bankCsvMappings).orderBy(bankCsvMappings.name);
    return rows.map((r) => ({ name: r.name, mapping: r.mapping }));
  }

  /** Streams `source` into the tables; rows already stored (same fingerprint) count as duplicates. */
  async importFile(params: ImportParams, source: ImportSource, userId: string | null): Promise<Result<ImportSummary>> {
    const importer = await this.importerFor(params, source);
    if (!importer.ok) return importer;
    const [batch] = await this.db
      .insert(importBatches)
      .values({
        kind: params.kind,
        format: params.format,
        account: params.account ?? null,
        currency: params.currency ?? null,
        mappingName: params.mappingJson === undefined ? (params.mapping ?? null) : null,
        createdBy: userId,
        createdAt: new Date(this.clock.nowMs()),
        status: 'running',
      })
      .returning({ id: importBatches.id });
    const batchId = (batch as { id: string }).id;
    const counts = { accepted: 0, duplicates: 0, rejected: 0 };
    const kept: RowRejection[] = [];
    let pending: (BankLine | Expense)[] = [];
    const flush = async () => {
      const inserted = await this.insertRows(params.kind, pending, batchId);
      counts.accepted += inserted;
      counts.duplicates += pending.length - inserted;
      pending = [];
    };
    try {
      for await (const item of importer.value) {
        if (item.kind === 'rejected') {
          counts.rejected++;
          if (kept.length < examinerLimits.importRejectionsStored) kept.push(item.rejection);
          continue;
        }
        pending.push(item.record);
        if (pending.length >= examinerLimits.importRowsPerInsert) await flush();
      }
      if (pending.length > 0) await flush();
    } catch (error) {
      await this.finishBatch(batchId, counts, kept, 'failed');
      throw error;
    }
    await this.finishBatch(batchId, counts, kept, 'complete');
    return ok({
      batchId,
      accepted: counts.accepted,
      duplicates: counts.duplicates,
      rejected: { total: counts.rejected, rows: kept.slice(0, examinerLimits.importRejectionsReturned) },
    });
  }

  /** Parses the first rows of `source` and returns them with the rejections met on the way; stores nothing. */
  async preview(
    params: ImportParams,
    source: ImportSource,
  ): Promise<Result<{ rows: Array<RecordView & { line: number }>; rejected: RowRejection[]; complete: boolean }>> {
    const importer = await this.importerFor(params, source);
    if (!importer.ok) return importer;
    const rows: Array<RecordView & { line: number }> = [];
    const rejections: RowRejection[] = [];
    let complete = true;
    for await (const item of importer.value) {
      if (item.kind === 'rejected') rejections.push(item.rejection);
      else rows.push({ line: item.line, ...recordView(item.record) });
      if (rows.length + rejections.length >= examinerLimits.previewRows) {
        complete = false;
        break; // leaving the loop closes the generator; the route discards the rest of the upload
      }
    }
    return ok({ rows, rejected: rejections, complete });
  }

  /** Import batches, newest first. */
  async listBatches(limit: number, offset: number) {
    const rows = await this.db
      .select()
      .from(importBatches)
      .orderBy(desc(importBatches.createdAt))
      .limit(limit)
      .offset(offset);
    return rows.map(batchView);
  }

  /** One batch with its kept rejections. */
  async getBatch(id: string) {
    const [row] = await this.db.select().from(importBatches).where(eq(importBatches.id, id));
    if (!row) return err('import_not_found', id);
    return ok({ ...batchView(row), rejections: row.rejections as RowRejection[] });
  }

  private async finishBatch(
    id: string,
    counts: { accepted: number; duplicates: number; rejected: number },
    kept: RowRejection[],
    status: string,
  ) {
    await this.db
      .update(importBatches)
      .set({ ...counts, rejections: kept, status })
      .where(eq(importBatches.id, id));
  }

  /**
   * Writes one batch as a single INSERT over unnest()ed column arrays: a dozen parameters instead of ten per row,
   * which PGlite and PostgreSQL parse far faster. Returns how many rows were new (the rest were already stored).
   */
  private async insertRows(kind: ImportKind, records: (BankLine | Expense)[], batchId: string): Promise<number> {
    if (records.length === 0) return 0;
    // sql.param keeps each array one parameter (a bare array would be spread into a tuple).
    const col = <T>(f: (r: BankLine & Expense) => T) => sql.param((records as (BankLine & Expense)[]).map(f));
    const amount = col((r) => formatMinor(r.amountMinor, minorDigits(r.currency)));
    const minor = col((r) => r.amountMinor.toString());
    const query =
      kind === 'bank'
        ? sql`with ins as (
            insert into bank_statements (id, account, date, amount, amount_minor, currency, description, reference, import_batch_id)
            select id, account, date, amount, amount_minor, currency, description, reference, ${batchId}::uuid
            from unnest(${col((r) => r.id)}::text[], ${col((r) => r.account)}::text[], ${col((r) => r.date)}::date[],
              ${amount}::numeric[], ${minor}::bigint[], ${col((r) => r.currency)}::text[], ${col((r) => r.description)}::text[],
              ${col((r) => r.reference ?? null)}::text[])
              as t(id, account, date, amount, amount_minor, currency, description, reference)
            on conflict do nothing returning 1)
          select count(*)::int as n from ins`
        : sql`with ins as (
            insert into expenses (id, date, amount, amount_minor, currency, vendor, description, category, reference, import_batch_id)
            select id, date, amount, amount_minor, currency, vendor, description, category, reference, ${batchId}::uuid
            from unnest(${col((r) => r.id)}::text[], ${col((r) => r.date)}::date[], ${amount}::numeric[], ${minor}::bigint[],
              ${col((r) => r.currency)}::text[], ${col((r) => r.vendor)}::text[], ${col((r) => r.description)}::text[],
              ${col((r) => r.category ?? null)}::text[], ${col((r) => r.reference ?? null)}::text[])
              as t(id, date, amount, amount_minor, currency, vendor, description, category, reference)
            on conflict do nothing returning 1)
          select count(*)::int as n from ins`;
    const result = (await this.db.execute(query)) as unknown as { rows: Array<{ n: number }> };
    return Number(result.rows[0]?.n ?? 0);
  }

  private async importerFor(
    params: ImportParams,
    source: ImportSource,
  ): Promise<Result<AsyncGenerator<ImportItem<BankLine | Expense>>>> {
    if (!formatsByKind[params.kind].includes(params.format)) {
      return err('format_not_supported', `${params.kind} files cannot be ${params.format}`, 'format');
    }
    const currency = params.currency === undefined ? undefined : parseCurrency(params.currency);
    if (currency === null) return err('currency_invalid', params.currency, 'currency');
    const account = params.account;
    switch (params.format) {
      case 'ofx':
      case 'qfx':
        return ok(importOfx(source, { account, currency }));
      case 'camt053':
        return ok(importCamt053(source, { account }));
      case 'mt940':
        return ok(importMt940(source, { account }));
      default:
        break;
    }
    if (currency === undefined) return err('currency_required', 'CSV and XLSX files need a currency', 'currency');
    const mapping = await this.resolveMapping(params);
    if (!mapping.ok) return mapping;
    if (params.kind === 'bank') {
      if (!account) return err('account_required', 'a bank CSV needs an account', 'account');
      if (!Value.Check(BankMappingSchema, mapping.value))
        return err('mapping_invalid', 'not a bank CSV mapping', 'mapping');
      return ok(importBankCsv(source, { account, currency, mapping: mapping.value as BankCsvMapping }));
    }
    if (!Value.Check(ExpenseMappingSchema, mapping.value))
      return err('mapping_invalid', 'not an expense mapping', 'mapping');
    const m = mapping.value as ExpenseMapping;
    if (params.format === 'xlsx') return ok(importExpensesXlsx(source, { ...m, currency }));
    return ok(importExpensesCsv(source, { ...m, currency }));
  }

  private async resolveMapping(params: ImportParams): Promise<Result<unknown>> {
    if (params.mappingJson !== undefined) {
      try {
        return ok(JSON.parse(params.mappingJson) as unknown);
      } catch {
        return err('mapping_invalid', 'mappingJson is not JSON', 'mappingJson');
      }
    }
    if (params.mapping !== undefined) {
      const saved = await this.getMapping(params.mapping);
      return saved.ok ? ok(saved.value.mapping) : saved;
    }
    return ok(params.kind === 'bank' ? defaultBankMapping : defaultExpenseMapping);
  }
}

/** JSON view of a bank line or expense. */
export function recordView(r: BankLine | Expense): RecordView {
  const amount = formatMinor(r.amountMinor, minorDigits(r.currency));
  if ('account' in r) {
    return {
      id: r.id,
      account: r.account,
      date: r.date,
      amount,
      currency: r.currency,
      description: r.description,
      reference: r.reference ?? null,
    };
  }
  return {
    id: r.id,
    date: r.date,
    amount,
    currency: r.currency,
    vendor: r.vendor,
    description: r.description,
    category: r.category ?? null,
    reference: r.reference ?? null,
  };
}

function batchView(row: typeof importBatches.$inferSelect) {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    account: row.account,
    currency: row.currency,
    mappingName: row.mappingName,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    accepted: row.accepted,
    duplicates: row.duplicates,
    rejected: row.rejected,
    status: row.status,
  };
}

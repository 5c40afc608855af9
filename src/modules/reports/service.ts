// Report generation use cases: parse input, render masked for the reader, store file and row, announce; schedules run the same path.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Cron } from 'croner';
import { and, desc, eq, inArray, lte, ne, or, sql } from 'drizzle-orm';
import { type Clock, err, ok, type Result } from '../../kernel/index.js';
import { isRole, matrix, roles } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { defaultMaskingPolicy, type MaskingPolicy, mayUnmask } from './core/masking.js';
import type { ReportFormat, ReportModel, Sensitivity } from './core/model.js';
import { type CaseReportInput, caseReport } from './core/templates/case-report.js';
import { complianceReport } from './core/templates/compliance-report.js';
import { executiveSummary } from './core/templates/executive-summary.js';
import { fraudFindings } from './core/templates/fraud-findings.js';
import { reconciliationSummary } from './core/templates/reconciliation-summary.js';
import { type ParsedInput, parseReportInput } from './inputs.js';
import { reportServiceLimits } from './limits.js';
import { renderReport } from './render.js';
import { reportSchedules, reports } from './schema.js';

/** Who reads or requests: the signed-in user's id, role and permissions. */
export interface ReportReader {
  readonly userId: string;
  readonly role: string;
  readonly permissions: readonly string[];
}

/** A report request. */
export interface ReportRequest {
  readonly kind: string;
  readonly format: string;
  readonly input: unknown;
  /** The role the report is written for; defaults to the requester's role. Masking always uses the requester's. */
  readonly audience?: string;
}

/** A stored report as the API shows it. */
export interface ReportView {
  readonly id: string;
  readonly kind: string;
  readonly format: string;
  readonly audience: string;
  readonly readerRole: string;
  readonly createdBy: string;
  readonly scheduleId: string | null;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly createdAt: string;
}

/** A schedule as the API shows it. */
export interface ScheduleView {
  readonly id: string;
  readonly cron: string;
  readonly kind: string;
  readonly format: string;
  readonly input: unknown;
  readonly audience: string;
  readonly readerRole: string;
  readonly createdBy: string;
  readonly nextRunAt: string;
  readonly lastRunAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
}

/** What the service needs from outside the module. */
export interface ReportsDeps {
  /** Loads the facts of a case for its legal report (the examiner's cases service, wired in compose). */
  readonly caseReportInput: (caseId: string) => Promise<Result<CaseReportInput>>;
  /** Announces a stored report (the WebSocket channel `reports`). */
  readonly announce: (report: ReportView) => Promise<void>;
  readonly policy?: MaskingPolicy;
}

const sensitivities: readonly Sensitivity[] = ['account', 'personal'];
const extensions: Readonly<Record<ReportFormat, string>> = { pdf: 'pdf', xlsx: 'xlsx', csv: 'csv', html: 'html' };

/**
 * Download rule. Masking happens at render time for the requester's role and cannot be undone, so a stored file
 * is as revealing as that role's unmasking rights. A reader may download it when they created it, or when their
 * own role may unmask every class of data the stored role could (so nobody sees more than their role allows).
 * Case reports additionally need `cases:read`.
 */
export function mayDownload(
  report: { readerRole: string; createdBy: string; kind: string },
  reader: ReportReader,
  policy: MaskingPolicy = defaultMaskingPolicy,
): boolean {
  if (report.kind === 'case_report' && !reader.permissions.includes('cases:read')) return false;
  if (report.createdBy === reader.userId) return true;
  return sensitivities.every((s) => !mayUnmask(report.readerRole, s, policy) || mayUnmask(reader.role, s, policy));
}

/** The next time `cron` fires strictly after `afterMs` (UTC), or null when it never fires again. */
export function nextRunAfter(cron: string, afterMs: number): number | null {
  // A Cron without a callback schedules nothing: it is used only to compute run times.
  const next = new Cron(cron, { timezone: 'UTC' }).nextRun(new Date(afterMs));
  return next === null ? null : next.getTime();
}

/** Checks a cron expression; `schedule_cron_invalid` names what croner refused. */
export function validateCron(cron: string, nowMs: number): Result<number> {
  let next: number | null;
  try {
    next = nextRunAfter(cron, nowMs);
  } catch (error) {
    return err('schedule_cron_invalid', (error as Error).message, 'cron');
  }
  return next === null ? err('schedule_cron_never_fires', cron, 'cron') : ok(next);
}

type ReportRow = typeof reports.$inferSelect;
type ScheduleRow = typeof reportSchedules.$inferSelect;

function reportView(r: ReportRow): ReportView {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

function scheduleView(r: ScheduleRow): ScheduleView {
  return {
    ...r,
    nextRunAt: r.nextRunAt.toISOString(),
    lastRunAt: r.lastRunAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Generates, stores, lists and serves reports, and keeps report schedules. */
export class ReportsService {
  private readonly policy: MaskingPolicy;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** DATA_DIR: files go to `<dataDir>/reports/<kind>/<id>.<ext>`. */
    private readonly dataDir: string,
    private readonly deps: ReportsDeps,
  ) {
    this.policy = deps.policy ?? defaultMaskingPolicy;
  }

  private async model(parsed: ParsedInput, audience: string, reader: ReportReader): Promise<Result<ReportModel>> {
    const at = new Date(this.clock.nowMs()).toISOString();
    switch (parsed.kind) {
      case 'reconciliation_summary':
        return ok(reconciliationSummary(parsed.input, audience, at));
      case 'fraud_findings':
        return ok(fraudFindings(parsed.input, audience, at));
      case 'executive_summary':
        return ok(executiveSummary(parsed.input, audience, at));
      case 'compliance_report':
        return ok(complianceReport(parsed.input, audience, at));
      case 'case_report': {
        if (!reader.permissions.includes('cases:read')) return err('forbidden', 'case reports need cases:read');
        const input = await this.deps.caseReportInput(parsed.caseId);
        return input.ok ? ok(caseReport(input.value, audience, at)) : input;
      }
    }
  }

  /** Renders a report masked for `reader`'s role, stores it, records it and announces it. */
  async generate(
    request: ReportRequest,
    reader: ReportReader,
    scheduleId: string | null = null,
  ): Promise<Result<ReportView>> {
    const parsed = parseReportInput(request.kind, request.input);
    if (!parsed.ok) return parsed;
    const audience = request.audience ?? reader.role;
    const model = await this.model(parsed.value, audience, reader);
    if (!model.ok) return model;
    const rendered = await renderReport(model.value, reader.role, request.format, this.policy);
    if (!rendered.ok) return rendered;
    const id = randomUUID();
    const format = request.format as ReportFormat;
    const path = join('reports', request.kind, `${id}.${extensions[format]}`);
    const absolute = join(this.dataDir, path);
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, rendered.value.bytes, { flag: 'wx' });
    const [row] = await this.db
      .insert(reports)
      .values({
        id,
        kind: request.kind,
        format,
        audience,
        readerRole: reader.role,
        createdBy: reader.userId,
        scheduleId,
        path,
        fileName: rendered.value.fileName,
        mediaType: rendered.value.mediaType,
        sha256: createHash('sha256').update(rendered.value.bytes).digest('hex'),
        sizeBytes: rendered.value.bytes.length,
        createdAt: new Date(this.clock.nowMs()),
      })
      .returning();
    const view = reportView(row as ReportRow);
    await this.deps.announce(view);
    return ok(view);
  }

  /** Reports the reader may download, newest first. */
  async list(reader: ReportReader, limit: number = reportServiceLimits.listMax): Promise<ReportView[]> {
    // The download rule depends only on a report's kind, creator and masking role, so the masking roles this
    // reader may open are worked out from mayDownload itself and the filter runs in SQL: pages are never short.
    const openable = roles.filter((role) =>
      mayDownload({ readerRole: role, createdBy: '', kind: '' }, reader, this.policy),
    );
    const visible = or(
      eq(reports.createdBy, reader.userId),
      openable.length > 0 ? inArray(reports.readerRole, openable) : sql`false`,
    );
    const caseReportsAllowed = reader.permissions.includes('cases:read');
    const rows = await this.db
      .select()
      .from(reports)
      .where(caseReportsAllowed ? visible : and(visible, ne(reports.kind, 'case_report')))
      .orderBy(desc(reports.createdAt))
      .limit(Math.min(limit, reportServiceLimits.listMax));
    return rows.map(reportView);
  }

  /** A stored report's metadata and a stream of its bytes, when the download rule allows it. */
  async open(id: string, reader: ReportReader): Promise<Result<{ report: ReportView; stream: NodeJS.ReadableStream }>> {
    const [row] = await this.db.select().from(reports).where(eq(reports.id, id));
    if (row === undefined) return err('report_not_found', id);
    if (!mayDownload(row, reader, this.policy))
      return err('report_masking_level_denied', `masked for ${row.readerRole}; your role may not see that much`);
    return ok({ report: reportView(row), stream: createReadStream(join(this.dataDir, row.path)) });
  }

  /** Creates a schedule run as `reader` (whose role sets the masking of every run). */
  async createSchedule(request: ReportRequest & { cron: string }, reader: ReportReader): Promise<Result<ScheduleView>> {
    const parsed = parseReportInput(request.kind, request.input);
    if (!parsed.ok) return parsed;
    if (!(request.format in extensions)) return err('report_format_unknown', request.format, 'format');
    if (parsed.value.kind === 'case_report' && !reader.permissions.includes('cases:read'))
      return err('forbidden', 'case reports need cases:read');
    const now = this.clock.nowMs();
    const next = validateCron(request.cron, now);
    if (!next.ok) return next;
    const own = await this.db
      .select({ id: reportSchedules.id })
      .from(reportSchedules)
      .where(eq(reportSchedules.createdBy, reader.userId));
    if (own.length >= reportServiceLimits.schedulesPerUserMax)
      return err('schedules_above_max', `at most ${reportServiceLimits.schedulesPerUserMax}`);
    const [row] = await this.db
      .insert(reportSchedules)
      .values({
        id: randomUUID(),
        cron: request.cron,
        kind: request.kind,
        format: request.format,
        input: request.input,
        audience: request.audience ?? reader.role,
        readerRole: reader.role,
        createdBy: reader.userId,
        nextRunAt: new Date(next.value),
        createdAt: new Date(now),
      })
      .returning();
    return ok(scheduleView(row as ScheduleRow));
  }

  /** The reader's schedules (every schedule for an admin). */
  async listSchedules(reader: ReportReader): Promise<ScheduleView[]> {
    const rows = await this.db
      .select()
      .from(reportSchedules)
      .where(reader.role === 'admin' ? undefined : eq(reportSchedules.createdBy, reader.userId))
      .orderBy(desc(reportSchedules.createdAt))
      .limit(reportServiceLimits.listMax);
    return rows.map(scheduleView);
  }

  /** Deletes a schedule (its creator or an admin); reports it made stay. */
  async deleteSchedule(id: string, reader: ReportReader): Promise<Result<null>> {
    const [row] = await this.db.select().from(reportSchedules).where(eq(reportSchedules.id, id));
    if (row === undefined || (row.createdBy !== reader.userId && reader.role !== 'admin'))
      return err('schedule_not_found', id);
    await this.db.delete(reportSchedules).where(eq(reportSchedules.id, id));
    return ok(null);
  }

  /** Runs one schedule now, as its creator, whether due or not. */
  async runSchedule(id: string, reader: ReportReader): Promise<Result<ReportView>> {
    const [row] = await this.db.select().from(reportSchedules).where(eq(reportSchedules.id, id));
    if (row === undefined || (row.createdBy !== reader.userId && reader.role !== 'admin'))
      return err('schedule_not_found', id);
    return this.runRow(row);
  }

  private async runRow(row: ScheduleRow): Promise<Result<ReportView>> {
    const role = row.readerRole;
    const reader: ReportReader = { userId: row.createdBy, role, permissions: isRole(role) ? matrix[role] : [] };
    const made = await this.generate(
      { kind: row.kind, format: row.format, input: row.input, audience: row.audience },
      reader,
      row.id,
    );
    await this.db
      .update(reportSchedules)
      .set({ lastRunAt: new Date(this.clock.nowMs()), lastError: made.ok ? null : made.code })
      .where(eq(reportSchedules.id, row.id));
    return made;
  }

  /**
   * Runs every schedule whose next run is due. Each is claimed first by moving its next run forward only if
   * nobody else has (compare-and-set on next_run_at), so several processes never run one schedule twice.
   */
  async runDueSchedules(): Promise<{ ran: number; failed: number }> {
    const now = this.clock.nowMs();
    const due = await this.db
      .select()
      .from(reportSchedules)
      .where(lte(reportSchedules.nextRunAt, new Date(now)))
      .orderBy(reportSchedules.nextRunAt)
      .limit(reportServiceLimits.schedulesPerTickMax);
    let ran = 0;
    let failed = 0;
    for (const row of due) {
      const next = nextRunAfter(row.cron, now);
      // A schedule that never fires again is parked far in the future rather than deleted, so its history stays.
      const nextRunAt = new Date(next ?? Date.UTC(9999, 0, 1));
      const claimed = await this.db
        .update(reportSchedules)
        .set({ nextRunAt })
        .where(and(eq(reportSchedules.id, row.id), eq(reportSchedules.nextRunAt, row.nextRunAt)))
        .returning({ id: reportSchedules.id });
      if (claimed.length === 0) continue;
      const made = await this.runRow(row);
      if (made.ok) ran++;
      else failed++;
    }
    return { ran, failed };
  }
}

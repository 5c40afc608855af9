// Turns the JSON `input` of a report request into a template's typed input, naming the first bad field.
import { err, ok, type Result } from '../../kernel/index.js';
import type { CaseReportInput } from './core/templates/case-report.js';
import type { ComplianceReportInput } from './core/templates/compliance-report.js';
import type { ExecutiveSummaryInput } from './core/templates/executive-summary.js';
import type { FraudFindingsInput } from './core/templates/fraud-findings.js';
import type { ReconciliationSummaryInput } from './core/templates/reconciliation-summary.js';
import { reportServiceLimits } from './limits.js';

/** The report kinds a caller may request. */
export const reportKinds = [
  'reconciliation_summary',
  'fraud_findings',
  'case_report',
  'executive_summary',
  'compliance_report',
] as const;
/** One kind. */
export type ReportKind = (typeof reportKinds)[number];

/** A template input ready to render, or (for case reports) the case to load. */
export type ParsedInput =
  | { kind: 'reconciliation_summary'; input: ReconciliationSummaryInput }
  | { kind: 'fraud_findings'; input: FraudFindingsInput }
  | { kind: 'case_report'; caseId: string }
  | { kind: 'executive_summary'; input: ExecutiveSummaryInput }
  | { kind: 'compliance_report'; input: ComplianceReportInput };

// Thrown inside one parse only, turned into a Result at its boundary.
class InputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(path, 'must be an object');
  return v as Obj;
}
function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > reportServiceLimits.inputTextLengthMax)
    throw new InputError(`${path}.${key}`, 'must be a string');
  return v;
}
function optStr(o: Obj, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, path);
}
function num(o: Obj, key: string, path: string, integer = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isSafeInteger(v)))
    throw new InputError(`${path}.${key}`, integer ? 'must be an integer' : 'must be a number');
  return v;
}
// Amounts in minor units arrive as integers or, beyond 2^53, as decimal strings; both become bigint.
function minor(o: Obj, key: string, path: string): bigint {
  const v = o[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,30}$/.test(v)) return BigInt(v);
  throw new InputError(`${path}.${key}`, 'must be an integer amount in minor units (number or decimal string)');
}
function arr<T>(o: Obj, key: string, path: string, item: (v: Obj, p: string) => T): T[] {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || v.length > reportServiceLimits.inputRowsMax)
    throw new InputError(`${path}.${key}`, `must be an array of at most ${reportServiceLimits.inputRowsMax}`);
  return v.map((x, i) => item(obj(x, `${path}.${key}[${i}]`), `${path}.${key}[${i}]`));
}
function strings(o: Obj, key: string, path: string): string[] {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || v.length > reportServiceLimits.inputRowsMax)
    throw new InputError(`${path}.${key}`, 'must be an array of strings');
  return v.map((x, i) => {
    if (typeof x !== 'string') throw new InputError(`${path}.${key}[${i}]`, 'must be a string');
    return x;
  });
}
function currency(o: Obj, path: string): string {
  const c = str(o, 'currency', path);
  if (!/^[A-Z]{3}$/.test(c)) throw new InputError(`${path}.currency`, 'must be an ISO 4217 code');
  return c;
}
const recommendations = (o: Obj, p: string) =>
  arr(o, 'recommendations', p, (r, q) => ({ priority: str(r, 'priority', q), text: str(r, 'text', q) }));

function reconciliation(o: Obj, p: string): ReconciliationSummaryInput {
  return {
    period: str(o, 'period', p),
    currency: currency(o, p),
    matchedCount: num(o, 'matchedCount', p, true),
    unmatchedCount: num(o, 'unmatchedCount', p, true),
    totalMinor: minor(o, 'totalMinor', p),
    unmatchedMinor: minor(o, 'unmatchedMinor', p),
    unmatched: arr(o, 'unmatched', p, (u, q) => ({
      id: str(u, 'id', q),
      date: str(u, 'date', q),
      amountMinor: minor(u, 'amountMinor', q),
      description: str(u, 'description', q),
      account: str(u, 'account', q),
    })),
  };
}

function fraud(o: Obj, p: string): FraudFindingsInput {
  const byPriority: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj(o.byPriority ?? {}, `${p}.byPriority`))) {
    byPriority[k] = num({ [k]: v }, k, `${p}.byPriority`, true);
  }
  return {
    period: str(o, 'period', p),
    currency: currency(o, p),
    configVersion: num(o, 'configVersion', p, true),
    transactionsScored: num(o, 'transactionsScored', p, true),
    byPriority,
    flagged: arr(o, 'flagged', p, (f, q) => {
      const approver = optStr(f, 'approver', q);
      const account = optStr(f, 'account', q);
      return {
        id: str(f, 'id', q),
        date: str(f, 'date', q),
        vendor: str(f, 'vendor', q),
        amountMinor: minor(f, 'amountMinor', q),
        riskScore: num(f, 'riskScore', q),
        priority: str(f, 'priority', q),
        category: str(f, 'category', q),
        factors: strings(f, 'factors', q),
        ...(approver !== undefined ? { approver } : {}),
        ...(account !== undefined ? { account } : {}),
      };
    }),
    benford: arr(o, 'benford', p, (b, q) => ({
      test: str(b, 'test', q),
      n: num(b, 'n', q, true),
      mad: num(b, 'mad', q),
      conformity: str(b, 'conformity', q),
      chiSquare: num(b, 'chiSquare', q),
      pValue: num(b, 'pValue', q),
    })),
  };
}

function executive(o: Obj, p: string): ExecutiveSummaryInput {
  const riskScore = num(o, 'riskScore', p);
  if (riskScore < 0 || riskScore > 100) throw new InputError(`${p}.riskScore`, 'must be from 0 to 100');
  return {
    period: str(o, 'period', p),
    riskScore,
    headline: arr(o, 'headline', p, (h, q) => {
      const v = h.value;
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new InputError(`${q}.value`, 'must be text or a number');
      return { label: str(h, 'label', q), value: v };
    }),
    recommendations: recommendations(o, p),
  };
}

function compliance(o: Obj, p: string): ComplianceReportInput {
  return {
    period: str(o, 'period', p),
    currency: currency(o, p),
    approvalOverrides: num(o, 'approvalOverrides', p, true),
    breaches: arr(o, 'breaches', p, (b, q) => {
      const account = optStr(b, 'account', q);
      return {
        id: str(b, 'id', q),
        rule: str(b, 'rule', q),
        description: str(b, 'description', q),
        approver: str(b, 'approver', q),
        amountMinor: minor(b, 'amountMinor', q),
        ...(account !== undefined ? { account } : {}),
      };
    }),
    recommendations: recommendations(o, p),
  };
}

/** Parses a request's `input` for `kind`; the error names the first bad field (e.g. `input.unmatched[2].amountMinor`). */
export function parseReportInput(kind: string, input: unknown): Result<ParsedInput> {
  try {
    const o = obj(input, 'input');
    switch (kind) {
      case 'reconciliation_summary':
        return ok({ kind, input: reconciliation(o, 'input') });
      case 'fraud_findings':
        return ok({ kind, input: fraud(o, 'input') });
      case 'executive_summary':
        return ok({ kind, input: executive(o, 'input') });
      case 'compliance_report':
        return ok({ kind, input: compliance(o, 'input') });
      case 'case_report': {
        const caseId = str(o, 'caseId', 'input');
        if (!/^[0-9a-f-]{36}$/.test(caseId)) throw new InputError('input.caseId', 'must be a case id');
        return ok({ kind, caseId });
      }
      default:
        return err('report_kind_unknown', kind, 'kind');
    }
  } catch (error) {
    if (error instanceof InputError) return err('report_input_invalid', error.message, error.path);
    throw error;
  }
}

/** Re-exported for the case report source type. */
export type { CaseReportInput };

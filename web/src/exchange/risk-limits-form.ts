// The risk-limits form's logic, apart from React: an account's limits as the form edits them (strings, empty for
// "no limit of its own") and the PUT body built from them.

/** Limits as GET/PUT /exchange/risk-limits/:userId carry them. */
export interface RiskLimits {
  orderQuantityMax?: string;
  orderNotionalMax?: string;
  openOrdersMax?: number;
  positionMax?: string;
  positionMaxBySymbol?: Record<string, string>;
  ordersPerWindowMax?: number;
}

/** GET /exchange/risk-limits/:userId. */
export interface RiskLimitsView {
  userId: string;
  limits: RiskLimits | null;
  defaults: { openOrdersMax: number; ordersPerWindowMax: number; rateWindowMs: number };
}

/** The fields the form edits, each a string as typed. */
export const riskLimitFields = [
  'orderQuantityMax',
  'orderNotionalMax',
  'positionMax',
  'openOrdersMax',
  'ordersPerWindowMax',
] as const;
export type RiskLimitField = (typeof riskLimitFields)[number];
export type RiskLimitsDraft = Record<RiskLimitField, string>;

const counts: ReadonlySet<RiskLimitField> = new Set(['openOrdersMax', 'ordersPerWindowMax']);

/** The form's starting values for an account: its own limits, empty where it has none. */
export function draftOf(limits: RiskLimits | null): RiskLimitsDraft {
  const draft = {} as RiskLimitsDraft;
  for (const field of riskLimitFields) {
    const value = limits?.[field];
    draft[field] = value === undefined ? '' : String(value);
  }
  return draft;
}

export type RiskLimitsBody =
  | { ok: true; body: RiskLimits | null }
  | { ok: false; errors: Partial<Record<RiskLimitField, string>> };

/**
 * The PUT body for a draft: only the fields filled in; the account's per-symbol position limits are kept as they
 * were (the form does not edit them). `null` when nothing is left, which clears the account's limits.
 */
export function bodyOf(draft: RiskLimitsDraft, bySymbol: Record<string, string> | undefined): RiskLimitsBody {
  const body: RiskLimits = {};
  const errors: Partial<Record<RiskLimitField, string>> = {};
  for (const field of riskLimitFields) {
    const text = draft[field].trim();
    if (text === '') continue;
    if (counts.has(field)) {
      if (!/^[1-9][0-9]{0,8}$/.test(text)) errors[field] = 'a whole number, at least 1';
      else (body as Record<string, number>)[field] = Number(text);
    } else if (!/^[0-9]{1,30}(\.[0-9]{1,18})?$/.test(text) || !/[1-9]/.test(text)) {
      errors[field] = 'a decimal number above zero, such as 0.5';
    } else {
      (body as Record<string, string>)[field] = text;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (bySymbol !== undefined && Object.keys(bySymbol).length > 0) body.positionMaxBySymbol = bySymbol;
  return { ok: true, body: Object.keys(body).length === 0 ? null : body };
}

// Typed results for expected failures: bad input and refused commands return a code, they do not throw.

/** A successful outcome carrying a value. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** An expected failure with a stable, self-describing code such as `price_ticks_must_be_positive`. */
export interface Err<C extends string = string> {
  readonly ok: false;
  readonly code: C;
  readonly detail?: string;
  readonly field?: string;
}

export type Result<T, C extends string = string> = Ok<T> | Err<C>;

/** Wraps a value as a success. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Builds an expected failure; `field` names the offending input where there is one. */
export function err<C extends string>(code: C, detail?: string, field?: string): Err<C> {
  const e: { ok: false; code: C; detail?: string; field?: string } = { ok: false, code };
  if (detail !== undefined) e.detail = detail;
  if (field !== undefined) e.field = field;
  return e;
}

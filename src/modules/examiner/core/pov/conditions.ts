// Declarative conditions over figures, so recommendation rules are data rather than code.

import type { PovFigureName, PovFigures } from './figures.js';

/** A comparison of one figure with a constant, or a combination of conditions. */
export type Condition =
  | { readonly figure: PovFigureName; readonly op: '>' | '>=' | '<' | '<=' | '==' | '!='; readonly value: number }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

/** Evaluates a condition; a comparison on an unknown figure is false (so `not` of it is true). */
export function evaluateCondition(c: Condition, figures: PovFigures): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, figures));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, figures));
  if ('not' in c) return !evaluateCondition(c.not, figures);
  const v = figures[c.figure];
  if (v === undefined || !Number.isFinite(v)) return false;
  switch (c.op) {
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '==':
      return v === c.value;
    case '!=':
      return v !== c.value;
  }
}

/** Replaces `{figure}` in a text with the figure's value (up to 4 significant digits), or "?" when unknown. */
export function interpolate(text: string, figures: PovFigures): string {
  return text.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = figures[name as PovFigureName];
    return v === undefined ? '?' : String(Number.isInteger(v) ? v : Number(v.toPrecision(4)));
  });
}

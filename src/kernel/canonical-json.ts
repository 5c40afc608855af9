// Canonical JSON: one byte-exact text per value, so a hash over a record does not depend on key order.
import { assert } from './assert.js';

/**
 * Serialises plain data as JSON.stringify would, with object keys in code-point order at every depth: undefined
 * object members are dropped, undefined array items and non-finite numbers become null, bigints become decimal
 * strings. Functions and symbols are programmer errors.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      assert(false, `canonical JSON cannot encode ${typeof value}`);
  }
}

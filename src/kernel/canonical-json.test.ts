import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: 5n, e: { z: 1, y: 2 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"d":"5","e":{"y":2,"z":1}}',
    );
  });

  it('maps what JSON maps: undefined array items and non-finite numbers become null', () => {
    expect(canonicalJson([undefined, Number.NaN, Number.POSITIVE_INFINITY, 1.5])).toBe('[null,null,null,1.5]');
  });

  it('agrees with JSON.parse on every JSON value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('refuses functions and symbols', () => {
    expect(() => canonicalJson(() => 1)).toThrow(/cannot encode function/);
    expect(() => canonicalJson(Symbol('s'))).toThrow(/cannot encode symbol/);
  });
});

// Tests for request ids: valid v4 UUIDs with and without crypto.randomUUID, and no repeats.
import { describe, expect, it } from 'vitest';
import { newRequestId, type RandomSource } from './ids.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('builds v4 UUIDs from random bytes when randomUUID is missing (plain HTTP pages)', () => {
    const fallback: RandomSource = { getRandomValues: (array) => crypto.getRandomValues(array) };
    const ids = new Set(Array.from({ length: 500 }, () => newRequestId(fallback)));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(uuidV4);
  });

  it('uses randomUUID where the page has it', () => {
    expect(newRequestId()).toMatch(uuidV4);
    expect(newRequestId({ getRandomValues: (array) => array, randomUUID: () => 'fixed' })).toBe('fixed');
  });
});

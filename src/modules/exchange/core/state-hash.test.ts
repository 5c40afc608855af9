import { describe, expect, it } from 'vitest';
import { hashCodes, orderTypeCode, sideCode } from './state-hash.js';

describe('enumeration codes', () => {
  it('the hot-path code functions give the hashCodes numbers', () => {
    for (const s of ['buy', 'sell'] as const) expect(sideCode(s)).toBe(hashCodes[s]);
    for (const t of ['limit', 'market', 'stop_limit', 'stop_market'] as const)
      expect(orderTypeCode(t)).toBe(hashCodes[t]);
  });
});

import { describe, expect, it } from 'vitest';
import { hashCodes, orderTypeCode, sideCode, stpCode, tifCode } from './state-hash.js';

describe('enumeration codes', () => {
  it('the hot-path code functions give the hashCodes numbers', () => {
    for (const s of ['buy', 'sell'] as const) expect(sideCode(s)).toBe(hashCodes[s]);
    for (const t of ['limit', 'market', 'stop_limit', 'stop_market'] as const)
      expect(orderTypeCode(t)).toBe(hashCodes[t]);
    for (const f of ['gtc', 'ioc', 'fok'] as const) expect(tifCode(f)).toBe(hashCodes[f]);
    for (const m of ['cancel_newest', 'cancel_oldest', 'decrement_both'] as const)
      expect(stpCode(m)).toBe(hashCodes[m]);
  });
});

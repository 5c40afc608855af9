import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifiedPerKeyMax, verifyAccessToken } from './tokens.js';

const claims = { userId: 'u-1', username: 'ada', role: 'trader' as const };
const now = Date.UTC(2026, 10, 22);

describe('access tokens', () => {
  it('verify with the key that signed them and with no other, however often each key is used', async () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    for (let i = 0; i < 3; i++) {
      const byA = await signAccessToken(a, claims, now, 60);
      const byB = await signAccessToken(b, claims, now, 60);
      expect(await verifyAccessToken(a, byA, now)).toEqual({ ok: true, value: claims });
      expect(await verifyAccessToken(b, byB, now)).toEqual({ ok: true, value: claims });
      expect(await verifyAccessToken(a, byB, now)).toEqual({ ok: false, code: 'token_invalid' });
      expect(await verifyAccessToken(b, byA, now)).toEqual({ ok: false, code: 'token_invalid' });
    }
  });

  it('keys with the same bytes in different arrays verify each other', async () => {
    const a = randomBytes(32);
    const token = await signAccessToken(a, claims, now, 60);
    expect((await verifyAccessToken(Uint8Array.from(a), token, now)).ok).toBe(true);
  });

  it('expire after their lifetime', async () => {
    const a = randomBytes(32);
    const token = await signAccessToken(a, claims, now, 60);
    expect(await verifyAccessToken(a, token, now + 61_000)).toEqual({ ok: false, code: 'token_expired' });
  });

  it('once verified, still expire at their exp, to the second, as a first verification would', async () => {
    const a = randomBytes(32);
    const token = await signAccessToken(a, claims, now, 60);
    expect(await verifyAccessToken(a, token, now)).toEqual({ ok: true, value: claims });
    expect(await verifyAccessToken(a, token, now + 59_999)).toEqual({ ok: true, value: claims });
    expect(await verifyAccessToken(a, token, now + 60_000)).toEqual({ ok: false, code: 'token_expired' });
    const fresh = randomBytes(32);
    const other = await signAccessToken(fresh, claims, now, 60);
    expect(await verifyAccessToken(fresh, other, now + 60_000)).toEqual({ ok: false, code: 'token_expired' });
  });

  it('hand out claims a caller may change without changing what the next verification returns', async () => {
    const a = randomBytes(32);
    const token = await signAccessToken(a, claims, now, 60);
    for (let i = 0; i < 2; i++) {
      const result = await verifyAccessToken(a, token, now);
      if (result.ok) result.value.role = 'admin' as never;
    }
    expect(await verifyAccessToken(a, token, now)).toEqual({ ok: true, value: claims });
  });

  it('verify correctly past the number of verified tokens kept per key', async () => {
    const a = randomBytes(32);
    const tokens: string[] = [];
    for (let i = 0; i <= verifiedPerKeyMax; i++) {
      const token = await signAccessToken(a, { ...claims, userId: `u-${i}` }, now, 60);
      tokens.push(token);
      expect((await verifyAccessToken(a, token, now)).ok).toBe(true);
    }
    expect(await verifyAccessToken(a, tokens[0] as string, now)).toEqual({
      ok: true,
      value: { ...claims, userId: 'u-0' },
    });
    expect(await verifyAccessToken(a, `${tokens[1]}x`, now)).toEqual({ ok: false, code: 'token_invalid' });
  });
});

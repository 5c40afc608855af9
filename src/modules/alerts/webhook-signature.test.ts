import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

const body = JSON.stringify({ ruleId: 'r1', value: 42 });
const secret = 'whsec_test_secret';

describe('webhook signatures', () => {
  it('signs HMAC-SHA256 over "<t>.<body>" and verifies within the tolerance', () => {
    const header = signWebhookBody(body, secret, 1_700_000_000);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
    expect(verifyWebhookSignature(body, header, secret, 1_700_000_100)).toEqual({
      ok: true,
      value: { timestampSeconds: 1_700_000_000 },
    });
    expect(verifyWebhookSignature(Buffer.from(body), header, secret, 1_700_000_000).ok).toBe(true);
  });

  it('refuses replays outside the window, tampered bodies, wrong secrets and malformed headers', () => {
    const header = signWebhookBody(body, secret, 1_700_000_000);
    expect(verifyWebhookSignature(body, header, secret, 1_700_000_301)).toMatchObject({
      ok: false,
      code: 'signature_timestamp_outside_tolerance',
    });
    expect(verifyWebhookSignature(body, header, secret, 1_699_999_000)).toMatchObject({
      ok: false,
      code: 'signature_timestamp_outside_tolerance',
    });
    expect(verifyWebhookSignature(`${body} `, header, secret, 1_700_000_000)).toMatchObject({
      ok: false,
      code: 'signature_mismatch',
    });
    expect(verifyWebhookSignature(body, header, 'other', 1_700_000_000)).toMatchObject({
      ok: false,
      code: 'signature_mismatch',
    });
    // Moving the timestamp into the window breaks the MAC, because the timestamp is signed.
    const shifted = header.replace('t=1700000000', 't=1700000500');
    expect(verifyWebhookSignature(body, shifted, secret, 1_700_000_500)).toMatchObject({
      ok: false,
      code: 'signature_mismatch',
    });
    for (const bad of ['', 'v1=abc', 't=1,v1=zz', 't=x,v1=' + 'a'.repeat(64), 't=1,t=2,v1=' + 'a'.repeat(64)]) {
      expect(verifyWebhookSignature(body, bad, secret, 1)).toMatchObject({
        ok: false,
        code: 'signature_header_malformed',
      });
    }
  });

  it('accepts any of several v1 signatures during secret rotation', () => {
    const oldHeader = signWebhookBody(body, 'old-secret', 100);
    const newSig = signWebhookBody(body, secret, 100).split('v1=')[1];
    expect(verifyWebhookSignature(body, `${oldHeader},v1=${newSig}`, secret, 100).ok).toBe(true);
    expect(() => signWebhookBody(body, '', 100)).toThrow(RangeError);
  });
});

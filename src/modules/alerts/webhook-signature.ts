// HMAC-SHA256 signatures for webhook bodies, with a signed timestamp so a captured request cannot be replayed later.
//
// Header format: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Several v1 entries may be present
// while a secret is rotated; any match verifies. Receivers should also drop repeated event ids inside the
// tolerance window, since the timestamp alone cannot stop a replay within it.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../kernel/index.js';

/** Name of the HTTP header carrying the signature. */
export const webhookSignatureHeader = 'x-nexus-signature';

/** Default accepted clock difference between sender and receiver, in seconds (five minutes). */
export const webhookToleranceSecondsDefault = 300;

/** Why a signature was refused. */
export type WebhookSignatureError =
  | 'signature_header_malformed'
  | 'signature_timestamp_outside_tolerance'
  | 'signature_mismatch'
  | 'signature_secret_empty';

/** Body bytes or text exactly as sent on the wire; text is encoded as UTF-8. */
export type WebhookBody = string | Uint8Array;

function mac(secret: string | Uint8Array, timestampSeconds: number, body: WebhookBody): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest();
}

/** Signs `body` at `timestampSeconds` (the caller's clock) and returns the header value. */
export function signWebhookBody(body: WebhookBody, secret: string | Uint8Array, timestampSeconds: number): string {
  if (secret.length === 0) throw new RangeError('webhook secret must not be empty');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0)
    throw new RangeError('timestamp must be whole seconds >= 0');
  return `t=${timestampSeconds},v1=${mac(secret, timestampSeconds, body).toString('hex')}`;
}

/**
 * Verifies a header against the body and secret. `nowSeconds` comes from the receiver's clock; timestamps more
 * than `toleranceSeconds` away from it (either way) are refused. Comparison is constant-time per candidate.
 */
export function verifyWebhookSignature(
  body: WebhookBody,
  header: string,
  secret: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds = webhookToleranceSecondsDefault,
): Result<{ timestampSeconds: number }, WebhookSignatureError> {
  if (secret.length === 0) return err('signature_secret_empty');
  const parsed = parseHeader(header);
  if (parsed === null)
    return err('signature_header_malformed', 'expected t=<seconds>,v1=<64 hex digits>', webhookSignatureHeader);
  if (Math.abs(nowSeconds - parsed.timestampSeconds) > toleranceSeconds) {
    return err(
      'signature_timestamp_outside_tolerance',
      `timestamp ${parsed.timestampSeconds}, now ${nowSeconds}`,
      webhookSignatureHeader,
    );
  }
  const expected = mac(secret, parsed.timestampSeconds, body);
  let matched = false;
  for (const candidate of parsed.signatures) {
    // Every candidate is compared so the time taken does not reveal which one matched.
    if (timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched
    ? ok({ timestampSeconds: parsed.timestampSeconds })
    : err('signature_mismatch', undefined, webhookSignatureHeader);
}

function parseHeader(header: string): { timestampSeconds: number; signatures: Buffer[] } | null {
  let timestampSeconds: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestampSeconds !== null || !/^\d{1,15}$/.test(value)) return null;
      timestampSeconds = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Unknown keys are ignored so a future scheme (v2) can be sent alongside v1.
  }
  if (timestampSeconds === null || signatures.length === 0) return null;
  return { timestampSeconds, signatures };
}

// Short-lived JWT access tokens (HS256 via jose) and opaque random secrets for refresh tokens and API keys.
import { randomBytes, webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { err, ok, type Result } from '../../kernel/index.js';
import { isRole, type Role } from './permissions.js';

/** Claims carried by an access token. */
export interface AccessClaims {
  userId: string;
  username: string;
  role: Role;
}

/** A token this process verified under a key: its claims and when it expires (ms). */
interface Verified {
  claims: AccessClaims;
  expiresAtMs: number;
}

/** Verified tokens kept per key at most; when full, the oldest verification is forgotten first. */
export const verifiedPerKeyMax = 10_000;

/** What this process keeps per signing key. */
interface KeyState {
  /**
   * The HMAC key for the key's bytes, imported once: given raw bytes, jose imports a WebCrypto key on every sign and
   * verify, which was about 1% of an order's time through the API.
   */
  hmac: Promise<webcrypto.CryptoKey>;
  /**
   * Tokens verified under this key, so a client's repeated requests with the same token do not each pay for the
   * signature check: through WebCrypto that is an asynchronous job on libuv's thread pool, and it was 14% of the
   * server's thread per order through the API (V8's profiler). Only tokens that verified are kept, by their exact
   * text, and each still expires at its `exp`.
   */
  verified: Map<string, Verified>;
}

/**
 * Per key, by the array's identity: the platform's keys are never mutated in place (a new key is a new array), and a
 * key no longer referenced takes its state with it.
 */
const keyStates = new WeakMap<Uint8Array, KeyState>();
function stateOf(key: Uint8Array): KeyState {
  let state = keyStates.get(key);
  if (state === undefined) {
    const hmac = webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    state = { hmac, verified: new Map() };
    keyStates.set(key, state);
  }
  return state;
}

/** Signs an access token valid for `ttlSeconds` from `nowMs`. */
export async function signAccessToken(key: Uint8Array, claims: AccessClaims, nowMs: number, ttlSeconds: number) {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ role: claims.role, name: claims.username, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer('nexus')
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(await stateOf(key).hmac);
}

/** Verifies an access token at `nowMs`; expired and malformed tokens get distinct codes. */
export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
  nowMs: number,
): Promise<Result<AccessClaims, 'token_expired' | 'token_invalid'>> {
  const { hmac, verified } = stateOf(key);
  const known = verified.get(token);
  if (known !== undefined) {
    // jose's rule: a token has expired once the current second reaches its `exp`.
    if (Math.floor(nowMs / 1000) * 1000 >= known.expiresAtMs) return err('token_expired');
    return ok({ ...known.claims });
  }
  try {
    const { payload } = await jwtVerify(token, await hmac, {
      issuer: 'nexus',
      algorithms: ['HS256'],
      currentDate: new Date(nowMs),
    });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || !isRole(payload.role)) {
      return err('token_invalid');
    }
    const claims: AccessClaims = { userId: payload.sub, username: String(payload.name ?? ''), role: payload.role };
    // Our tokens carry `exp` and no `nbf`; anything else is checked afresh every time.
    if (typeof payload.exp === 'number' && payload.nbf === undefined) {
      if (verified.size >= verifiedPerKeyMax) verified.delete(verified.keys().next().value as string);
      verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
    }
    return ok({ ...claims });
  } catch (e) {
    if (e instanceof errors.JWTExpired) return err('token_expired');
    return err('token_invalid');
  }
}

/** A URL-safe random secret of `bytes` bytes. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// Random identifiers for idempotent submissions (clientOrderId, idempotencyKey).

/** Where random bytes come from: the Web Crypto API in the browser, a stand-in in tests. */
export interface RandomSource {
  getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
  randomUUID?: () => string;
}

/** A random RFC 4122 version-4 UUID; uses crypto.randomUUID where the page is a secure context, else getRandomValues. */
export function newRequestId(source: RandomSource = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  // randomUUID exists only in secure contexts (HTTPS or localhost); getRandomValues works on plain HTTP too.
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// SHA-256 in hex: node:crypto's hash is deterministic and pure, so cores may use it (custody chains, fingerprints).

import { createHash } from 'node:crypto';

/** Hex SHA-256 of a UTF-8 text or of raw bytes (FIPS 180-4). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

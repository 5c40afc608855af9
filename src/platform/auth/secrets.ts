// Keys kept under DATA_DIR when not configured: the JWT signing secret and the key that seals MFA secrets.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets the server needs, as raw bytes. */
export interface Secrets {
  jwtKey: Uint8Array;
  sealKey: Buffer;
}

interface SecretsFile {
  jwtKey: string;
  sealKey: string;
}

/** Path of the generated secrets file inside the data directory. */
export function secretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

/**
 * Loads the secrets from DATA_DIR/secrets.json, creating them (mode 0600) on first start.
 * A configured JWT secret overrides the generated one.
 */
export function loadOrCreateSecrets(dataDir: string, jwtSecret?: string): Secrets {
  mkdirSync(dataDir, { recursive: true });
  const path = secretsPath(dataDir);
  let file: SecretsFile;
  if (existsSync(path)) {
    file = JSON.parse(readFileSync(path, 'utf8')) as SecretsFile;
  } else {
    file = { jwtKey: randomBytes(32).toString('base64'), sealKey: randomBytes(32).toString('base64') };
    writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return {
    jwtKey: jwtSecret ? new TextEncoder().encode(jwtSecret) : Buffer.from(file.jwtKey, 'base64'),
    sealKey: Buffer.from(file.sealKey, 'base64'),
  };
}

/** Secrets for tests and throw-away servers. */
export function ephemeralSecrets(): Secrets {
  return { jwtKey: randomBytes(32), sealKey: randomBytes(32) };
}

/** Encrypts a short secret with AES-256-GCM; output is base64 of iv ‖ tag ‖ ciphertext. */
export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Decrypts what `seal` produced; throws when the data was altered or the key is wrong. */
export function unseal(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

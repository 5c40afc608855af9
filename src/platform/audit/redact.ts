// Removes secrets from anything about to be logged or audited: passwords, tokens, keys and codes never leave.

const secretKey = /pass(word)?|token|secret|api[-_]?key|authorization|cookie|totp|recovery|^code$|otp/i;

/** A deep copy of `value` with every secret-looking field replaced by "[redacted]". */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = secretKey.test(k) ? '[redacted]' : redactSecrets(v, depth + 1);
  }
  return out;
}

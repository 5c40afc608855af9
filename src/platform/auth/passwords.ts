// Password hashing (argon2id) and the password policy.
import { hash, verify } from '@node-rs/argon2';
import { limits } from '../../kernel/index.js';

// OWASP Password Storage Cheat Sheet (2024): argon2id, m=19 MiB, t=2, p=1 as the minimum configuration.
const argonOptions = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id; the result embeds salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

/** Constant-time verification of a password against an argon2id hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Returns the policy violations of a password, each a clause such as "needs at least 12 characters" (empty when acceptable). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < limits.passwordLengthMin)
    problems.push(`needs at least ${limits.passwordLengthMin} characters`);
  if (password.length > limits.passwordLengthMax)
    problems.push(`may have at most ${limits.passwordLengthMax} characters`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('needs at least three of: lower case, upper case, digit, symbol');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  return problems;
}

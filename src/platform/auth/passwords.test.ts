// Tests of the password policy and of argon2id hashing.
import { describe, expect, it } from 'vitest';
import { limits } from '../../kernel/index.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';

describe('passwordProblems', () => {
  it('accepts a long password with three character classes that does not contain the username', () => {
    expect(passwordProblems('Tidal-Basin-4417', 'alice')).toEqual([]);
    expect(passwordProblems('tidal-basin-4417', 'alice')).toEqual([]);
  });

  it('names each problem as a clause that reads after "it"', () => {
    expect(passwordProblems('alice', 'Alice')).toEqual([
      `needs at least ${limits.passwordLengthMin} characters`,
      'needs at least three of: lower case, upper case, digit, symbol',
      'must not contain the username',
    ]);
    expect(passwordProblems(`Aa1-${'x'.repeat(limits.passwordLengthMax)}`)).toEqual([
      `may have at most ${limits.passwordLengthMax} characters`,
    ]);
    expect(passwordProblems('abcdefghijklmnop')).toEqual([
      'needs at least three of: lower case, upper case, digit, symbol',
    ]);
  });
});

describe('hashPassword', () => {
  it('verifies the password it hashed and nothing else, with a fresh salt each time', async () => {
    const first = await hashPassword('Tidal-Basin-4417');
    const second = await hashPassword('Tidal-Basin-4417');
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'Tidal-Basin-4417')).toBe(true);
    expect(await verifyPassword(first, 'Tidal-Basin-4418')).toBe(false);
    expect(await verifyPassword('not a hash', 'Tidal-Basin-4417')).toBe(false);
  });
});

// String schemas with a pattern, and the sentence a client sees when a value does not match it: Ajv's own message
// quotes the regular expression ("must match pattern \"^[0-9]{1,30}(\\.[0-9]{1,18})?$\""), which tells a client
// what the server checks rather than what to send.
import { type StringOptions, type TString, Type } from '@sinclair/typebox';

/** What each registered pattern accepts, as the end of "must be ...". */
const described = new Map<string, string>();

/** A string schema matching `pattern`; a value that does not match is refused as "must be <says>". */
export function patterned(pattern: string, says: string, options: Omit<StringOptions, 'pattern'> = {}): TString {
  const known = described.get(pattern);
  if (known !== undefined && known !== says) throw new Error(`pattern ${pattern} is described twice`);
  described.set(pattern, says);
  return Type.String({ ...options, pattern });
}

/** The sentence for a pattern failure, or undefined for a pattern registered without one. */
export function patternMessage(pattern: unknown): string | undefined {
  const says = typeof pattern === 'string' ? described.get(pattern) : undefined;
  return says === undefined ? undefined : `must be ${says}`;
}

/** A non-negative decimal amount in asset units: up to 30 integer digits and 18 decimals, no sign or exponent. */
export const DecimalText = patterned(
  '^[0-9]{1,30}(\\.[0-9]{1,18})?$',
  'a decimal number such as 12.5 (digits, an optional point and up to 18 decimals; no sign or exponent)',
  { maxLength: 50 },
);

/** An asset code such as USD or BTC. */
export const AssetCode = patterned(
  '^[A-Z0-9]{1,16}$',
  'an asset code of 1 to 16 capital letters or digits, such as USD',
);

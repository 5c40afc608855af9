// Synthetic vendors: names, how their bank descriptors look, what they charge and how fast they clear.
import type { Prng } from '../../../kernel/index.js';

/** How a vendor shows up on a bank statement. */
export type DescriptorStyle = 'plain' | 'short' | 'processor' | 'direct-debit';

/** A synthetic vendor profile. */
export interface SyntheticVendor {
  name: string;
  category: string;
  style: DescriptorStyle;
  /** Typical days from expense date to bank booking. */
  lagDays: number;
  /** Log-normal location of amounts in major units. */
  logMean: number;
  /** A fixed recurring price in minor units (subscriptions), or null. */
  fixedMinor: bigint | null;
  /** Whether this vendor sends numbered invoices. */
  invoices: boolean;
  /** Whether this vendor bills in a foreign currency converted by the card issuer (FX rounding). */
  foreign: boolean;
}

const syllables = [
  'nor',
  'th',
  'win',
  'acme',
  'bel',
  'ka',
  'ro',
  'zen',
  'tri',
  'vol',
  'mar',
  'lu',
  'pex',
  'sol',
  'gra',
  'den',
  'ori',
  'on',
  'qua',
  'sar',
  'tel',
  've',
  'xa',
  'mi',
  'ko',
  'ra',
  'fin',
  'hal',
  'ber',
  'dor',
  'sta',
  'ly',
];
const kinds: Array<[string, string]> = [
  ['Supplies', 'office'],
  ['Traders', 'goods'],
  ['Logistics', 'shipping'],
  ['Coffee', 'meals'],
  ['Software', 'software'],
  ['Consulting', 'services'],
  ['Hardware', 'equipment'],
  ['Foods', 'meals'],
  ['Travel', 'travel'],
  ['Media', 'marketing'],
  ['Electric', 'utilities'],
  ['Telecom', 'utilities'],
  ['Print', 'office'],
  ['Cleaning', 'services'],
  ['Motors', 'travel'],
];
const suffixes = ['Ltd', 'Inc', 'LLC', 'GmbH', ''];
const styles: DescriptorStyle[] = ['plain', 'plain', 'short', 'processor', 'direct-debit'];

/** Draws `count` vendors with distinct names. */
export function generateVendors(prng: Prng, count: number): SyntheticVendor[] {
  const seen = new Set<string>();
  const out: SyntheticVendor[] = [];
  while (out.length < count) {
    let word = '';
    const parts = prng.int(2, 3);
    for (let i = 0; i < parts; i++) word += prng.pick(syllables);
    const [kind, category] = prng.pick(kinds);
    const suffix = prng.pick(suffixes);
    const name = `${word[0]?.toUpperCase()}${word.slice(1)} ${kind}${suffix === '' ? '' : ` ${suffix}`}`;
    const key = `${word} ${kind}`.toLowerCase();
    if (seen.has(key) || word.length < 4) continue;
    seen.add(key);
    const recurring = category === 'software' || category === 'utilities' ? prng.chance(0.7) : prng.chance(0.1);
    const logMean = prng.normal(3.6, 1.1);
    out.push({
      name,
      category,
      style: prng.pick(styles),
      lagDays: prng.int(0, 3),
      logMean,
      fixedMinor: recurring ? BigInt(Math.max(100, Math.round(Math.exp(logMean) * 100))) : null,
      invoices: prng.chance(0.3),
      foreign: prng.chance(0.1),
    });
  }
  return out;
}

/** A bank descriptor for a vendor in its style, with the store numbers and codes banks add. */
export function bankDescriptor(prng: Prng, v: SyntheticVendor): string {
  const words = v.name.toUpperCase().split(' ');
  const first = words[0] as string;
  const second = words[1] ?? '';
  const code = `${String.fromCharCode(65 + prng.int(0, 25))}${prng.int(100, 9999)}`;
  switch (v.style) {
    case 'plain':
      return `CARD PURCHASE ${first} ${second} ${prng.int(1, 999)}`;
    case 'short':
      return `${first.slice(0, 8)} ${second.slice(0, 4)}*${code}`;
    case 'processor':
      return `SQ *${first}${second} ${code}`;
    case 'direct-debit':
      return `SEPA DD ${v.name.toUpperCase()} ${code}`;
  }
}

/** A one-character slip: a swap, drop or replacement somewhere after the first two characters. */
export function typo(prng: Prng, text: string): string {
  if (text.length < 6) return text;
  const i = prng.int(2, text.length - 2);
  const kind = prng.int(0, 2);
  if (kind === 0) return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
  if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + String.fromCharCode(65 + prng.int(0, 25)) + text.slice(i + 1);
}

import { describe, expect, it } from 'vitest';
import { nameTokens, normalizeVendor, payeeKey, referenceDigits } from './normalize.js';

describe('normalize', () => {
  it('keeps names, drops noise words, numbers and codes, strips accents', () => {
    expect(nameTokens('CARD PURCHASE NORTHWIND TRADERS 0042')).toEqual(['northwind', 'traders']);
    expect(nameTokens('SQ *VOLWINTRAVEL5210 A1234')).toEqual(['volwintravel']);
    expect(nameTokens('Café Zürich GmbH')).toEqual(['cafe', 'zurich']);
    expect(nameTokens('')).toEqual([]);
    expect(normalizeVendor('ACME Supplies Ltd.')).toBe('acme supplies');
    expect(payeeKey('PAYPAL *XQZPAY 7781')).toBe('paypal xqzpay');
    expect(referenceDigits('INV-00123/A')).toBe('00123');
  });
});

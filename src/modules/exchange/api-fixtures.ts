// The BTC-USD listing the exchange's tests, crash test and HTTP benchmark share, as the API receives it.

/** Body of POST /api/v1/exchange/symbols for a BTC-USD market: 2-decimal USD ticks, 0.0001 BTC lots, 10/20 bps fees. */
export const btcUsdListing = {
  symbol: 'BTC-USD',
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  baseScale: 8,
  quoteScale: 2,
  tickSize: '0.01',
  lotSize: '0.0001',
  minQuantity: '0.0001',
  maxQuantity: '1000',
  referencePrice: '100.00',
  makerFeeBps: 10,
  takerFeeBps: 20,
} as const;

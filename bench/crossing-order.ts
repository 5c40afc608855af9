// The order body of the benchmarks' crossing load, in a module of its own so the HTTP load worker imports nothing else.

/**
 * Order `i` of the crossing load, as the API takes it: trader i mod `traders`, even ones buying and odd ones selling
 * 0.01 BTC at 100.00, so about half the orders trade.
 */
export function crossingOrder(i: number, traders: number, idPrefix: string) {
  const trader = i % traders;
  return {
    trader,
    body: {
      symbol: 'BTC-USD',
      side: trader % 2 === 0 ? ('buy' as const) : ('sell' as const),
      type: 'limit' as const,
      quantity: '0.01',
      price: '100.00',
      clientOrderId: `${idPrefix}${i}`,
    },
  };
}

import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf } from './risk-limits-form.js';

describe('risk limits form', () => {
  it('starts from the account limits, empty where it has none, and sends back only what is filled in', () => {
    const draft = draftOf({ orderQuantityMax: '0.5', openOrdersMax: 20, positionMaxBySymbol: { 'BTC-USD': '2' } });
    expect(draft).toEqual({
      orderQuantityMax: '0.5',
      orderNotionalMax: '',
      positionMax: '',
      openOrdersMax: '20',
      ordersPerWindowMax: '',
    });
    expect(bodyOf({ ...draft, orderNotionalMax: ' 1000 ' }, { 'BTC-USD': '2' })).toEqual({
      ok: true,
      body: {
        orderQuantityMax: '0.5',
        orderNotionalMax: '1000',
        openOrdersMax: 20,
        positionMaxBySymbol: { 'BTC-USD': '2' },
      },
    });
  });

  it('clears the account when nothing is left, and refuses what the server would', () => {
    expect(bodyOf(draftOf(null), undefined)).toEqual({ ok: true, body: null });
    expect(bodyOf({ ...draftOf(null), openOrdersMax: '0', orderQuantityMax: '0.000', positionMax: '-1' }, {})).toEqual({
      ok: false,
      errors: {
        openOrdersMax: 'a whole number, at least 1',
        orderQuantityMax: 'a decimal number above zero, such as 0.5',
        positionMax: 'a decimal number above zero, such as 0.5',
      },
    });
    expect(bodyOf({ ...draftOf(null), ordersPerWindowMax: '2.5' }, undefined)).toMatchObject({ ok: false });
  });
});

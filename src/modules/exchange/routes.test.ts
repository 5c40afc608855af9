// The exchange and ledger HTTP API end to end through compose: permissions, order flow, errors, candles, WebSocket seq.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { memoryPglite, type TestDatabase } from '../../../test/helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from '../../../test/helpers/nexus.js';
import { btcUsdListing } from './api-fixtures.js';

const symbolBody = btcUsdListing;

describe('exchange API', () => {
  let db: TestDatabase;
  let t: TestNexus;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  /** The app's address, listening from the first call on (tests share one app). */
  let listening: Promise<string> | undefined;

  /** A WebSocket signed in with `token`, the messages it received, and a wait for `n` of them to match. */
  async function openSocket(token: string) {
    listening ??= app.listen({ port: 0, host: '127.0.0.1' });
    const address = await listening;
    const socket = new WebSocket(`${address.replace('http', 'ws')}/ws?token=${token}`);
    const inbox: Record<string, unknown>[] = [];
    socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
    await new Promise((resolve) => socket.once('open', resolve));
    const waitFor = async (pred: (m: Record<string, unknown>) => boolean, n = 1) => {
      for (let i = 0; i < 250 && inbox.filter(pred).length < n; i++) await new Promise((r) => setTimeout(r, 20));
      return inbox.filter(pred);
    };
    return { socket, inbox, waitFor };
  }
  const ids: Record<string, string> = {};

  const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(tokens[who] as string),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  beforeAll(async () => {
    db = await memoryPglite();
    t = await testNexus(db);
    app = t.nexus.app;
    const admin = await login(app, 'admin', adminPassword);
    tokens.admin = admin.body.accessToken;
    for (const [name, role] of [
      ['alice', 'trader'],
      ['bob', 'trader'],
      ['victor', 'viewer'],
    ] as const) {
      const created = await call('admin', 'POST', '/admin/users', {
        username: name,
        password: 'Long-Enough-Pass-1',
        role,
      });
      ids[name] = (created.json() as { id: string }).id;
      tokens[name] = (await login(app, name, 'Long-Enough-Pass-1')).body.accessToken;
    }
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('admin lists a symbol; traders cannot; a viewer reads symbols and the book but cannot trade', async () => {
    expect((await call('alice', 'POST', '/exchange/symbols', symbolBody)).statusCode).toBe(403);
    const created = await call('admin', 'POST', '/exchange/symbols', symbolBody);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ symbol: 'BTC-USD', tickSize: '0.01', lastPrice: null });
    expect((await call('admin', 'POST', '/exchange/symbols', symbolBody)).json()).toMatchObject({
      code: 'symbol_already_listed',
    });
    const inverted = { ...symbolBody, symbol: 'ETH-USD', baseAsset: 'ETH', minQuantity: '2', maxQuantity: '1' };
    expect((await call('admin', 'POST', '/exchange/symbols', inverted)).json()).toMatchObject({
      code: 'max_qty_must_be_multiple_of_lot_at_least_min',
      errors: [{ field: 'maxQuantity' }],
    });
    // A lot finer than the base's decimals would strand balances no withdrawal can take out.
    const dusty = { ...symbolBody, symbol: 'ETH-USD', baseAsset: 'ETH', baseScale: 8, lotSize: '0.000000001' };
    expect((await call('admin', 'POST', '/exchange/symbols', dusty)).json()).toMatchObject({
      status: 400,
      code: 'lot_size_finer_than_base_scale',
      detail: "the lot size must be a whole number of ETH's smallest unit (8 decimals)",
      errors: [{ field: 'lotSize' }],
    });
    const same = { ...symbolBody, symbol: 'USD-USD', baseAsset: 'USD', baseScale: 2 };
    expect((await call('admin', 'POST', '/exchange/symbols', same)).json()).toMatchObject({
      code: 'assets_must_differ',
      detail: 'the base and the quote are both USD',
    });
    expect((await call('victor', 'GET', '/exchange/symbols')).json()).toMatchObject({ items: [{ symbol: 'BTC-USD' }] });
    expect((await call('victor', 'GET', '/exchange/book/BTC-USD')).statusCode).toBe(200);
    const denied = await call('victor', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '1',
      price: '100.00',
      clientOrderId: 'v1',
    });
    expect(denied.statusCode).toBe(403);
    expect((await call('admin', 'POST', '/exchange/symbols', { ...symbolBody, extra: 1 })).statusCode).toBe(400);
  });

  it('funds traders, matches orders, settles with fees, and reports orders, fills, positions and balances', async () => {
    // By default a trader cannot credit their own account (no payment rail stands behind a deposit): the
    // administrator funds them.
    const deposit = (by: string, asset: string, amount: string, idempotencyKey: string, userId?: string) =>
      call(by, 'POST', '/ledger/deposits', { asset, amount, idempotencyKey, ...(userId ? { userId } : {}) });
    expect((await call('alice', 'GET', '/ledger/deposit-policy')).json()).toEqual({
      selfDeposits: false,
      mayDepositOwn: false,
    });
    expect((await call('admin', 'GET', '/ledger/deposit-policy')).json()).toEqual({
      selfDeposits: false,
      mayDepositOwn: true,
    });
    const own = await deposit('alice', 'USD', '1', 'own');
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'self_deposit_disabled' });
    const nobody = await deposit('admin', 'USD', '1', 'nobody', 'alice');
    expect(nobody.json()).toMatchObject({ code: 'user_not_found', status: 404 });
    for (const who of ['alice', 'bob'] as const) {
      const usd = await deposit('admin', 'USD', '10000', `${who}-usd`, ids[who]);
      expect(usd.statusCode).toBe(201);
      await deposit('admin', 'BTC', '10', `${who}-btc`, ids[who]);
    }
    expect((await deposit('alice', 'USD', '1', 'x', ids.bob)).statusCode).toBe(403);
    // Withdrawals: the trader's own, idempotent by key, each refusal in words.
    const withdraw = (amount: string, idempotencyKey: string, asset = 'USD') =>
      call('bob', 'POST', '/ledger/withdrawals', { asset, amount, idempotencyKey });
    const out = await withdraw('100', 'w-1');
    expect(out.statusCode).toBe(201);
    expect(out.json()).toMatchObject({ balance: { asset: 'USD', available: '9900.00' } });
    expect((await withdraw('100', 'w-1')).json()).toEqual(out.json());
    expect((await withdraw('200', 'w-1')).json()).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    const refusals = [
      ['20000', 'w-2', 'USD', 'insufficient_funds', '20000.00 USD asked, 9900.00 USD available'],
      ['1.001', 'w-3', 'USD', 'amount_invalid', 'USD amounts have at most 2 decimals'],
      ['0', 'w-4', 'USD', 'amount_must_be_positive', 'the amount must be above zero'],
      ['1', 'w-5', 'DOGE', 'asset_not_found', 'no listed symbol trades DOGE'],
    ] as const;
    for (const [amount, key, asset, code, detail] of refusals) {
      expect((await withdraw(amount, key, asset)).json(), code).toMatchObject({ code, detail });
    }
    expect((await withdraw('-5', 'w-6')).json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        {
          field: 'amount',
          code: 'pattern',
          message:
            'must be a decimal number such as 12.5 (digits, an optional point and up to 18 decimals; no sign or exponent)',
        },
      ],
    });
    expect((await call('bob', 'GET', '/ledger/balances')).json()).toMatchObject({
      items: expect.arrayContaining([{ asset: 'USD', available: '9900.00', held: '0.00', total: '9900.00' }]),
    });
    expect((await deposit('admin', 'USD', '100', 'bob-back', ids.bob)).statusCode).toBe(201);
    // Bob's transfer history: newest first, each once (the retried withdrawal too), refusals absent, paged by id.
    const history = await call('bob', 'GET', '/ledger/transfers');
    expect(history.statusCode).toBe(200);
    const transfers = history.json() as { items: { id: string; at: string | null }[]; nextBefore: string | null };
    expect(transfers.items.map((t) => ({ ...t, id: undefined, at: undefined }))).toEqual(
      [
        { kind: 'deposit', asset: 'USD', amount: '100.00', idempotencyKey: 'bob-back' },
        { kind: 'withdrawal', asset: 'USD', amount: '100.00', idempotencyKey: 'w-1' },
        { kind: 'deposit', asset: 'BTC', amount: '10.00000000', idempotencyKey: 'bob-btc' },
        { kind: 'deposit', asset: 'USD', amount: '10000.00', idempotencyKey: 'bob-usd' },
      ].map((t) => ({ ...t, id: undefined, at: undefined })),
    );
    expect(transfers.items[1]?.id).toBe((out.json() as { transferId: string }).transferId);
    expect(transfers.items.every((t) => t.at !== null && !Number.isNaN(Date.parse(t.at)))).toBe(true);
    expect(transfers.nextBefore).toBeNull();
    const first = (await call('bob', 'GET', '/ledger/transfers?limit=3&asset=USD')).json() as typeof transfers;
    expect(first.items.map((t) => t.id)).toEqual([
      transfers.items[0]?.id,
      transfers.items[1]?.id,
      transfers.items[3]?.id,
    ]);
    expect(first.nextBefore).toBe(transfers.items[3]?.id);
    const rest = await call('bob', 'GET', `/ledger/transfers?limit=3&asset=USD&before=${first.nextBefore}`);
    expect(rest.json()).toEqual({ items: [], nextBefore: null });
    // Another user's history is the administrator's to read.
    expect((await call('alice', 'GET', `/ledger/transfers?userId=${ids.bob}`)).statusCode).toBe(403);
    expect((await call('admin', 'GET', `/ledger/transfers?userId=${ids.bob}`)).json()).toEqual(transfers);
    expect((await call('bob', 'GET', '/ledger/transfers?before=0')).json()).toMatchObject({
      code: 'validation_failed',
    });
    const sell = await call('alice', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'sell',
      type: 'limit',
      quantity: '2',
      price: '100.00',
      clientOrderId: 'a-1',
    });
    expect(sell.statusCode).toBe(201);
    const sellId = (sell.json() as { order: { id: string } }).order.id;
    const buy = await call('bob', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.5',
      price: '100.00',
      clientOrderId: 'b-1',
    });
    expect(buy.json()).toMatchObject({
      order: { status: 'filled', filledQuantity: '0.5000' },
      fills: [{ price: '100.00', quantity: '0.5000', fee: '0.10', liquidity: 'taker' }],
    });
    // Same clientOrderId and body: the original result; a different body: 409.
    const again = await call('bob', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.5',
      price: '100.00',
      clientOrderId: 'b-1',
    });
    expect(again.statusCode).toBe(201);
    const reused = await call('bob', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.6',
      price: '100.00',
      clientOrderId: 'b-1',
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const poor = await call('bob', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '500',
      price: '99.00',
      clientOrderId: 'b-2',
    });
    expect(poor.statusCode).toBe(422);
    expect(poor.json()).toMatchObject({
      title: 'Unprocessable Entity',
      code: 'insufficient_funds',
      detail: expect.stringMatching(/^the order needs [0-9.]+ USD \(with the fee\); [0-9.]+ USD is available$/),
    });
    expect((await call('bob', 'GET', '/ledger/balances')).json()).toMatchObject({
      items: [
        { asset: 'BTC', available: '10.50000000' },
        { asset: 'USD', available: '9949.90', held: '0.00' },
      ],
    });
    expect((await call('bob', 'GET', '/exchange/fills')).json()).toMatchObject({
      items: [{ orderId: expect.any(String) }],
    });
    expect((await call('bob', 'GET', '/exchange/positions')).json()).toMatchObject({
      items: [{ symbol: 'BTC-USD', quantity: '0.5000', averagePrice: '100.00', markPrice: '100.00' }],
    });
    // Bob's PnL is before fees; the position also says what he paid (the taker's 20 bps of 50.00) and what is left.
    expect((await call('bob', 'GET', '/exchange/positions')).json()).toMatchObject({
      items: [{ realisedPnl: '0.00', fees: '0.10', netRealisedPnl: '-0.10' }],
    });
    // Marked to a price the caller supplies: 0.5 BTC bought at 100.00, worth 104.00 each, is 2.00 USD up.
    expect((await call('bob', 'GET', '/exchange/positions?symbol=BTC-USD&markPrice=104')).json()).toMatchObject({
      items: [{ symbol: 'BTC-USD', markPrice: '104.00', unrealisedPnl: '2.00' }],
    });
    expect((await call('bob', 'GET', '/exchange/positions?markPrice=104')).json()).toMatchObject({
      code: 'mark_price_needs_symbol',
    });
    expect((await call('bob', 'GET', '/exchange/positions?symbol=BTC-USD&markPrice=104.001')).json()).toMatchObject({
      code: 'price_not_multiple_of_tick',
      errors: [{ field: 'markPrice' }],
    });
    expect((await call('bob', 'GET', '/exchange/positions?symbol=ETH-USD')).json()).toEqual({ items: [] });
    const amended = await call('alice', 'PATCH', `/exchange/orders/${sellId}`, { price: '101.00' });
    expect(amended.json()).toMatchObject({ order: { price: '101.00', status: 'partially_filled' } });
    expect((await call('bob', 'DELETE', `/exchange/orders/${sellId}`)).statusCode).toBe(404);
    expect((await call('alice', 'DELETE', `/exchange/orders/${sellId}`)).json()).toMatchObject({
      order: { status: 'cancelled', cancelReason: 'cancelled_by_user' },
    });
    expect((await call('alice', 'GET', '/exchange/orders?status=closed')).json()).toMatchObject({
      items: [{ id: sellId, status: 'cancelled' }],
    });
    // Lists page back through history: each page's nextBefore is the next page's before, null on the last.
    const allOrders = (await call('alice', 'GET', '/exchange/orders?status=all')).json() as {
      items: { id: string }[];
      nextBefore: string | null;
    };
    expect(allOrders.nextBefore).toBeNull();
    const paged: string[] = [];
    let before: string | null = '';
    while (before !== null) {
      const query: string = before === '' ? '' : `&before=${before}`;
      const pageOf = (await call('alice', 'GET', `/exchange/orders?status=all&limit=1${query}`)).json() as {
        items: { id: string }[];
        nextBefore: string | null;
      };
      paged.push(...pageOf.items.map((o) => o.id));
      before = pageOf.nextBefore;
    }
    expect(paged).toEqual(allOrders.items.map((o) => o.id));
    const fills = (await call('bob', 'GET', '/exchange/fills')).json() as { items: { id: string }[] };
    expect(fills.items.length).toBeGreaterThan(0);
    const firstFill = (await call('bob', 'GET', '/exchange/fills?limit=1')).json();
    expect(firstFill).toEqual({ items: [fills.items[0]], nextBefore: fills.items[0]?.id });
    const older = (await call('bob', 'GET', `/exchange/fills?before=${firstFill.nextBefore}`)).json();
    expect(older).toEqual({ items: fills.items.slice(1), nextBefore: null });
    expect((await call('alice', 'GET', '/exchange/orders?before=x1')).json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'before', code: 'pattern', message: 'must be a numeric order id of up to 15 digits' }],
    });
    expect((await call('alice', 'GET', '/exchange/orders/999')).json()).toMatchObject({
      status: 404,
      code: 'unknown_order',
      detail: 'you have no order 999',
    });
    expect((await call('alice', 'PATCH', `/exchange/orders/${sellId}`, {})).json()).toMatchObject({
      code: 'amend_changes_nothing',
      detail: 'give a new price, quantity or (for a waiting stop) stop price',
    });
    expect((await call('alice', 'GET', '/exchange/book/DOGE-USD')).json()).toMatchObject({
      code: 'unknown_symbol',
      detail: 'no symbol DOGE-USD is listed',
    });
    expect((await call('victor', 'GET', '/exchange/trades/BTC-USD')).json()).toMatchObject({
      items: [{ price: '100.00', quantity: '0.5000', takerSide: 'buy' }],
    });
    const badInterval = await call('victor', 'GET', '/exchange/candles/BTC-USD?interval=7m');
    expect(badInterval.json()).toMatchObject({
      code: 'validation_failed',
      detail: 'interval: must be one of: 1m, 5m, 1h, 1d',
      errors: [{ field: 'interval', code: 'enum', message: 'must be one of: 1m, 5m, 1h, 1d' }],
    });
    // A missing or unknown body property is named as the field itself.
    const unnamed = await call('alice', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      price: '100.00',
      quantity: '1',
      colour: 'red',
    });
    expect(unnamed.json()).toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([
        { field: 'clientOrderId', code: 'required', message: 'is required' },
        { field: 'colour', code: 'additionalProperties', message: 'is not a field of this request' },
      ]),
    });
    let candles: { items: unknown[] } = { items: [] };
    for (let i = 0; i < 50 && candles.items.length === 0; i++) {
      candles = (await call('victor', 'GET', '/exchange/candles/BTC-USD?interval=1m')).json();
      if (candles.items.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(candles.items).toEqual([
      {
        t: '2026-01-05T12:00:00.000Z',
        open: '100.00',
        high: '100.00',
        low: '100.00',
        close: '100.00',
        volume: '0.5000',
      },
    ]);
  });

  it('kill switch is admin only and cancels the account orders', async () => {
    await call('alice', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '1',
      price: '99.00',
      clientOrderId: 'k-1',
    });
    expect((await call('alice', 'POST', '/exchange/kill-switch', { scope: 'global', engaged: true })).statusCode).toBe(
      403,
    );
    // A username, or an id nobody has, is refused rather than switched off for nobody.
    for (const userId of ['alice', '00000000-0000-4000-8000-000000000000']) {
      const nobody = await call('admin', 'POST', '/exchange/kill-switch', { scope: 'account', userId, engaged: true });
      expect(nobody.statusCode).toBe(404);
      expect(nobody.json()).toMatchObject({ code: 'user_not_found', errors: [{ field: 'userId' }] });
    }
    expect((await call('admin', 'GET', '/exchange/kill-switch')).json()).toEqual({
      globalHalted: false,
      killedAccounts: [],
    });
    expect((await call('alice', 'GET', '/exchange/kill-switch')).statusCode).toBe(403);
    const killed = await call('admin', 'POST', '/exchange/kill-switch', {
      scope: 'account',
      userId: ids.alice,
      engaged: true,
    });
    expect(killed.json()).toEqual({ cancelledOrders: 1 });
    expect((await call('admin', 'GET', '/exchange/kill-switch')).json()).toEqual({
      globalHalted: false,
      killedAccounts: [ids.alice],
    });
    const refused = await call('alice', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '1',
      price: '99.00',
      clientOrderId: 'k-2',
    });
    expect(refused.json()).toMatchObject({ code: 'account_killed' });
    await call('admin', 'POST', '/exchange/kill-switch', { scope: 'account', userId: ids.alice, engaged: false });
  });

  it("cancels all of a trader's orders on request, and all orders of an account that may no longer trade", async () => {
    const created = await call('admin', 'POST', '/admin/users', {
      username: 'dora',
      password: 'Long-Enough-Pass-1',
      role: 'trader',
    });
    const dora = (created.json() as { id: string }).id;
    const signIn = async () => {
      tokens.dora = (await login(app, 'dora', 'Long-Enough-Pass-1')).body.accessToken;
    };
    await signIn();
    const funded = await call('admin', 'POST', '/ledger/deposits', {
      asset: 'USD',
      amount: '1000',
      idempotencyKey: 'dora-usd',
      userId: dora,
    });
    expect(funded.statusCode).toBe(201);
    const buy = async (clientOrderId: string, price: string) => {
      const r = await call('dora', 'POST', '/exchange/orders', {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '1',
        price,
        clientOrderId,
      });
      expect(r.statusCode, r.body).toBe(201);
    };
    const open = () => t.nexus.exchange.listOrders(dora, { status: 'open' }).map((o) => o.clientOrderId);
    await buy('d-1', '97.00');
    await buy('d-2', '96.00');
    expect((await call('victor', 'DELETE', '/exchange/orders')).statusCode).toBe(403);
    const unlisted = await call('dora', 'DELETE', '/exchange/orders?symbol=DOGE-USD');
    expect(unlisted.json()).toMatchObject({ code: 'unknown_symbol', errors: [{ field: 'symbol' }] });
    const all = await call('dora', 'DELETE', '/exchange/orders?symbol=BTC-USD');
    expect(all.json()).toEqual({ cancelledOrders: 2, cancelledAlgoOrders: 0 });
    expect(open()).toEqual([]);
    // Disabled: she cannot sign in to manage her orders, so they do not stay on the book to fill.
    await buy('d-3', '97.00');
    expect((await call('admin', 'POST', `/admin/users/${dora}/disable`)).statusCode).toBe(200);
    expect(open()).toEqual([]);
    expect(t.nexus.exchange.getOrder(dora, t.nexus.exchange.listOrders(dora, {})[0]?.id ?? '')).toMatchObject({
      ok: true,
      value: { clientOrderId: 'd-3', status: 'cancelled', cancelReason: 'trading_withdrawn' },
    });
    // Enabled again she trades again; a role without trading cancels as disabling does.
    expect((await call('admin', 'POST', `/admin/users/${dora}/enable`)).statusCode).toBe(200);
    await signIn();
    await buy('d-4', '97.00');
    expect(open()).toEqual(['d-4']);
    expect((await call('admin', 'PUT', `/admin/users/${dora}/role`, { role: 'viewer' })).statusCode).toBe(200);
    expect(open()).toEqual([]);
  });

  it('lets an operator halt and resume a symbol and move its band; traders see it and may not', async () => {
    const order = { symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: '0.1', price: '99.00' };
    expect((await call('alice', 'PATCH', '/exchange/symbols/BTC-USD', { halted: true })).statusCode).toBe(403);
    const halted = await call('admin', 'PATCH', '/exchange/symbols/BTC-USD', { halted: true });
    expect(halted.statusCode, halted.body).toBe(200);
    expect(halted.json()).toMatchObject({ symbol: 'BTC-USD', halted: true });
    expect((await call('alice', 'GET', '/exchange/symbols')).json()).toMatchObject({
      items: [{ symbol: 'BTC-USD', halted: true }],
    });
    const refused = await call('alice', 'POST', '/exchange/orders', { ...order, clientOrderId: 'h-1' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'symbol_halted', errors: [{ field: 'symbol' }] });
    expect((await call('admin', 'PATCH', '/exchange/symbols/BTC-USD', {})).json()).toMatchObject({
      code: 'symbol_update_empty',
    });
    expect((await call('admin', 'PATCH', '/exchange/symbols/DOGE-USD', { halted: false })).statusCode).toBe(404);
    const band = await call('admin', 'PATCH', '/exchange/symbols/BTC-USD', {
      halted: false,
      priceBandPercent: 20,
      referencePrice: '100.00',
    });
    expect(band.json()).toMatchObject({ halted: false, priceBandPercent: 20, referencePrice: '100.00' });
    expect((await call('alice', 'POST', '/exchange/orders', { ...order, clientOrderId: 'h-2' })).statusCode).toBe(201);
    const back = await call('admin', 'PATCH', '/exchange/symbols/BTC-USD', { priceBandPercent: 10 });
    expect(back.json()).toMatchObject({ priceBandPercent: 10 });
  });

  it('lets an operator audit the books; a trader may not', async () => {
    expect((await call('alice', 'GET', '/exchange/verify')).statusCode).toBe(403);
    const audit = await call('admin', 'GET', '/exchange/verify');
    expect(audit.statusCode, audit.body).toBe(200);
    const body = audit.json() as { assets: { asset: string; users: string; fees: string; netDeposits: string }[] };
    expect(body).toMatchObject({ problems: [] });
    expect(body.assets.map((a) => a.asset)).toEqual(['BTC', 'USD']);
    // Everything deposited is with the users or in the fee account.
    for (const a of body.assets) expect(Number(a.users) + Number(a.fees)).toBeCloseTo(Number(a.netDeposits), 9);
  });

  it("lets operators set, read and clear an account's risk limits, and orders feel them", async () => {
    const url = `/exchange/risk-limits/${ids.alice}`;
    expect((await call('alice', 'PUT', url, { orderQuantityMax: '0.5' })).statusCode).toBe(403);
    expect((await call('alice', 'GET', url)).statusCode).toBe(403);
    const bad = await call('admin', 'PUT', url, { openOrdersMax: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const nobody = await call('admin', 'PUT', '/exchange/risk-limits/alice', { orderQuantityMax: '0.5' });
    expect(nobody.json()).toMatchObject({ code: 'user_not_found', status: 404 });
    const unknown = await call('admin', 'PUT', url, { positionMaxBySymbol: { 'NOPE-USD': '1' } });
    expect(unknown.json()).toMatchObject({ code: 'risk_limit_symbol_unknown' });
    const set = await call('admin', 'PUT', url, { orderQuantityMax: '0.5', openOrdersMax: 20 });
    expect(set.statusCode, set.body).toBe(200);
    const defaults = { openOrdersMax: 10_000, ordersPerWindowMax: 2_000, rateWindowMs: 1_000 };
    expect(set.json()).toEqual({
      userId: ids.alice,
      limits: { orderQuantityMax: '0.5', openOrdersMax: 20 },
      defaults,
    });
    expect((await call('admin', 'GET', url)).json()).toEqual(set.json());
    const order = { symbol: 'BTC-USD', side: 'buy', type: 'limit', price: '99.00' };
    const refused = await call('alice', 'POST', '/exchange/orders', {
      ...order,
      quantity: '0.6',
      clientOrderId: 'rl-1',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'order_quantity_above_max' });
    const cleared = await call('admin', 'DELETE', url);
    expect(cleared.json()).toEqual({ userId: ids.alice, limits: null, defaults });
  });

  it('takes TWAP parents, pauses, resumes and cancels them, and pages them newest first to their owner only', async () => {
    const body = (clientOrderId: string) => ({
      symbol: 'BTC-USD',
      side: 'buy',
      kind: 'twap',
      quantity: '0.3',
      durationSeconds: 600,
      slices: 3,
      limitPrice: '80.00',
      clientOrderId,
    });
    const created: string[] = [];
    for (const key of ['tw-a', 'tw-b', 'tw-c']) {
      const r = await call('bob', 'POST', '/exchange/algo-orders', body(key));
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ kind: 'twap', status: 'running', quantity: '0.3000', slicesTotal: 3 });
      created.push((r.json() as { id: string }).id);
    }
    const [a, b, c] = created as [string, string, string];
    expect((await call('bob', 'POST', '/exchange/algo-orders', body('tw-a'))).json()).toMatchObject({ id: a });
    expect((await call('bob', 'POST', `/exchange/algo-orders/${a}/pause`)).json()).toMatchObject({ status: 'paused' });
    expect((await call('bob', 'POST', `/exchange/algo-orders/${a}/pause`)).json()).toMatchObject({
      status: 409,
      code: 'algo_not_running',
    });
    expect((await call('bob', 'POST', `/exchange/algo-orders/${a}/resume`)).json()).toMatchObject({
      status: 'running',
    });
    for (const id of created) {
      expect((await call('bob', 'POST', `/exchange/algo-orders/${id}/cancel`)).json()).toMatchObject({
        status: 'cancelled',
      });
    }
    expect((await call('bob', 'POST', `/exchange/algo-orders/${b}/cancel`)).json()).toMatchObject({
      code: 'algo_finished',
    });
    const first = (await call('bob', 'GET', '/exchange/algo-orders?limit=2')).json() as {
      items: { id: string }[];
      nextBefore: string | null;
    };
    expect(first.items.map((x) => x.id)).toEqual([c, b]);
    expect(first.nextBefore).toBe(b);
    const second = (await call('bob', 'GET', `/exchange/algo-orders?limit=2&before=${b}`)).json() as typeof first;
    expect(second.items.map((x) => x.id)).toEqual([a]);
    expect(second.nextBefore).toBeNull();
    expect((await call('bob', 'GET', `/exchange/algo-orders/${a}`)).json()).toMatchObject({
      id: a,
      status: 'cancelled',
    });
    // Another trader sees none of them, and an unknown parent looks the same as someone else's.
    expect((await call('alice', 'GET', '/exchange/algo-orders')).json()).toEqual({ items: [], nextBefore: null });
    expect((await call('alice', 'GET', `/exchange/algo-orders/${a}`)).json()).toMatchObject({
      status: 404,
      code: 'unknown_algo_order',
    });
    expect((await call('victor', 'POST', '/exchange/algo-orders', body('tw-v'))).statusCode).toBe(403);
  });

  it('takes a good-till-date order and refuses an expiry it cannot keep, each on the expireAt field', async () => {
    const order = { symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: '0.1', price: '95.00' };
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const placed = await call('bob', 'POST', '/exchange/orders', { ...order, clientOrderId: 'gtd-a', expireAt: until });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({ order: { status: 'open', expireAt: until } });
    const refusals = [
      [{ expireAt: 'next weekend' }, 'expire_at_invalid'],
      [{ expireAt: '2020-01-01T00:00:00Z' }, 'expire_at_not_in_future'],
      [{ expireAt: until, timeInForce: 'ioc' }, 'expire_at_not_allowed'],
    ] as const;
    for (const [extra, code] of refusals) {
      const r = await call('bob', 'POST', '/exchange/orders', { ...order, clientOrderId: `gtd-${code}`, ...extra });
      expect(r.json(), code).toMatchObject({ status: 400, code, errors: [{ field: 'expireAt' }] });
    }
    expect(
      (await call('bob', 'DELETE', `/exchange/orders/${(placed.json() as { order: { id: string } }).order.id}`))
        .statusCode,
    ).toBe(200);
  });

  it('market-updates: L2 and trade messages carry consecutive per-symbol seq numbers after GET /book', async () => {
    const { socket, waitFor } = await openSocket(tokens.victor as string);
    await waitFor((m) => m.op === 'authenticated');
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'market-updates', key: 'BTC-USD' }));
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'orders' }));
    await waitFor((m) => m.op === 'subscribed', 1);
    await waitFor((m) => m.op === 'error' && m.channel === 'orders');
    const start = (await call('victor', 'GET', '/exchange/book/BTC-USD')).json() as { seq: number };
    const base = { symbol: 'BTC-USD', type: 'limit', quantity: '0.1', price: '100.00' };
    await call('alice', 'POST', '/exchange/orders', { ...base, side: 'sell', clientOrderId: 'w-1' });
    await call('bob', 'POST', '/exchange/orders', { ...base, side: 'buy', clientOrderId: 'w-2' });
    const events = (await waitFor((m) => m.op === 'event' && m.channel === 'market-updates', 3)).map(
      (m) => m.data as { type: string; seq: number },
    );
    expect(events.map((e) => e.seq)).toEqual([start.seq + 1, start.seq + 2, start.seq + 3]);
    expect(events.map((e) => e.type)).toEqual(['l2', 'trade', 'l2']);
    socket.close();
  });

  it("orders channel: an administrator's deposit reaches the owner's open page as a transfer message, once", async () => {
    const { socket, inbox, waitFor } = await openSocket(tokens.alice as string);
    await waitFor((m) => m.op === 'authenticated');
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'orders' }));
    await waitFor((m) => m.op === 'subscribed');
    const body = { asset: 'USD', amount: '25.50', idempotencyKey: 'ws-dep', userId: ids.alice };
    const booked = (await call('admin', 'POST', '/ledger/deposits', body)).json() as { transferId: string };
    expect((await call('admin', 'POST', '/ledger/deposits', body)).json()).toMatchObject(booked);
    const isTransfer = (m: Record<string, unknown>) =>
      m.op === 'event' && (m.data as { type?: string }).type === 'transfer';
    const [message] = await waitFor(isTransfer);
    expect(message?.data).toEqual({
      type: 'transfer',
      transfer: {
        id: booked.transferId,
        kind: 'deposit',
        asset: 'USD',
        amount: '25.50',
        idempotencyKey: 'ws-dep',
        at: expect.any(String),
      },
    });
    // The retry answered the same transfer and sent nothing; an order's own message comes after it, not a second one.
    await call('alice', 'POST', '/exchange/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.1',
      price: '90.00',
      clientOrderId: 'ws-after',
    });
    await waitFor((m) => m.op === 'event' && (m.data as { type?: string }).type === 'order');
    expect(inbox.filter(isTransfer)).toHaveLength(1);
    socket.close();
  });
});

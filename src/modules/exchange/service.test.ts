// The exchange service over a real journal in a temp dir: durability, recovery, idempotency, events, algo ticks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/index.js';
import { btcUsdListing } from './api-fixtures.js';
import { Journal } from './journal/index.js';
import { listSnapshots, readSnapshotFile, snapshotName } from './journal/snapshot.js';
import { exchangeRulesVersion, RulesVersionError } from './rules-version.js';
import { ExchangeService, type Scheduler } from './service.js';
import { ExchangeState } from './state.js';
import { btcUsd, limit, u } from './state-fixtures.js';
import type { ExchangeCommand } from './state-types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dataDir: string, clock: ManualClock, extra: Partial<Parameters<typeof ExchangeService.open>[0]> = {}) {
  const published: { channel: string; data: unknown; options?: { key?: string; userId?: string } }[] = [];
  const manual: Scheduler = () => () => {};
  const service = ExchangeService.open({
    dataDir,
    clock,
    hub: {
      async publish(channel, data, options) {
        published.push({ channel, data, ...(options ? { options } : {}) });
      },
    },
    scheduler: manual,
    snapshotEveryCommands: 7,
    ...extra,
  });
  return { service, published };
}

async function listed(service: ExchangeService) {
  const r = await service.addSymbol({ ...btcUsdListing });
  expect(r.ok).toBe(true);
  for (const user of ['alice', 'bob']) {
    expect(
      (await service.deposit({ userId: user, asset: 'USD', amount: '10000', idempotencyKey: `u-${user}` })).ok,
    ).toBe(true);
    expect((await service.deposit({ userId: user, asset: 'BTC', amount: '10', idempotencyKey: `b-${user}` })).ok).toBe(
      true,
    );
  }
}

/**
 * `n` limit orders of 0.1 BTC 10 ms apart, alice selling and bob buying in turn, priced from 99.00 up in steps of
 * 0.50 over `levels` prices; client order ids `${prefix}0`, `${prefix}1`, ...
 */
async function alternateOrders(
  service: ExchangeService,
  clock: ManualClock,
  n: number,
  levels: number,
  prefix: string,
) {
  for (let i = 0; i < n; i++) {
    clock.advance(10);
    const side = i % 2 === 0 ? 'sell' : 'buy';
    await service.placeOrder(side === 'sell' ? 'alice' : 'bob', {
      symbol: 'BTC-USD',
      side,
      type: 'limit',
      quantity: '0.1',
      price: (99 + (i % levels) * 0.5).toFixed(2),
      clientOrderId: `${prefix}${i}`,
    });
  }
}

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'nexus-exchange-'));
  dirs.push(d);
  return d;
}

/** A service on a fresh temp dir with BTC-USD listed, two funded users and `n` alternating orders already placed. */
async function tradedService(n: number, levels: number, prefix: string) {
  const dir = tempDir();
  const clock = new ManualClock(Date.UTC(2026, 0, 5));
  const first = open(dir, clock).service;
  await listed(first);
  await alternateOrders(first, clock, n, levels, prefix);
  return { dir, clock, first };
}

describe('ExchangeService', () => {
  it('fills settle balances exactly with fees, in API decimal strings', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5));
    const { service, published } = open(tempDir(), clock);
    await listed(service);
    const sell = await service.placeOrder('alice', {
      symbol: 'BTC-USD',
      side: 'sell',
      type: 'limit',
      quantity: '1',
      price: '100.00',
      clientOrderId: 's1',
    });
    expect(sell).toMatchObject({ ok: true, value: { order: { status: 'open', price: '100.00', quantity: '1.0000' } } });
    const buy = await service.placeOrder('bob', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.25',
      price: '100.50',
      clientOrderId: 'b1',
    });
    expect(buy).toMatchObject({
      ok: true,
      value: {
        order: { status: 'filled', averageFillPrice: '100.00', filledQuantity: '0.2500' },
        fills: [{ price: '100.00', quantity: '0.2500', fee: '0.05', feeAsset: 'USD', liquidity: 'taker' }],
      },
    });
    // 0.25 BTC at 100.00 = 25.00 USD; taker fee 20 bps = 0.05, maker fee 10 bps = 0.025.
    expect(service.balances('bob')).toEqual([
      { asset: 'BTC', available: '10.25000000', held: '0.00000000', total: '10.25000000' },
      { asset: 'USD', available: '9974.95', held: '0.00', total: '9974.95' },
    ]);
    expect(service.balances('alice').find((b) => b.asset === 'USD')).toMatchObject({ available: '10024.975' });
    const l2 = published.filter((p) => p.channel === 'market-updates').map((p) => p.data as { seq: number });
    expect(l2.map((m) => m.seq)).toEqual(l2.map((_, i) => i + 1));
    expect(published.some((p) => p.channel === 'orders' && p.options?.userId === 'bob')).toBe(true);
    await service.close();
  });

  it('the follower thread writes the snapshots, and a restart recovers from them to the same state', async () => {
    const { dir, clock, first } = await tradedService(24, 3, 'f');
    // 5 set-up commands and 24 orders: the follower has applied all 29 and written snapshots at 7, 14, 21 and 28,
    // of which the newest two are kept.
    expect(await first.snapshotsSettled()).toBe(29);
    expect(listSnapshots(join(dir, 'exchange', 'journal'))).toEqual([28, 21]);
    const hash = first.stateHash();
    await first.close();
    // Closing snapshots the final state; without that snapshot (as after a crash) recovery starts from the
    // follower's newest and replays the one record after it.
    const journalDir = join(dir, 'exchange', 'journal');
    expect(listSnapshots(journalDir)).toEqual([29, 28]);
    rmSync(join(journalDir, snapshotName(29)));
    const second = open(dir, clock, { snapshots: 'inline' }).service;
    expect(second.recovery).toMatchObject({ snapshotSeq: 28, replayed: 1, lastSeq: 29 });
    expect(second.stateHash()).toBe(hash);
    expect(await second.snapshotsSettled()).toBe(-1);
    // Inline, the service journals and snapshots by itself, every 7 commands since it opened (record 36).
    for (let i = 0; i < 8; i++) {
      const r = await second.deposit({ userId: 'carol', asset: 'USD', amount: '1', idempotencyKey: `c${i}` });
      expect(r.ok).toBe(true);
    }
    expect(listSnapshots(journalDir)).toEqual([36, 28]);
    const after = second.stateHash();
    await second.close();
    const third = open(dir, clock).service;
    expect(third.recovery).toMatchObject({ snapshotSeq: 37, replayed: 0, lastSeq: 37 });
    expect(third.stateHash()).toBe(after);
    await third.close();
  });

  it('refuses to replay records written under other rules, and takes over from a snapshot of them', async () => {
    // A journal as an older build (rules version 1) leaves it after a crash: a snapshot, then records after it.
    const dir = tempDir();
    const journalDir = join(dir, 'exchange', 'journal');
    const commands: ExchangeCommand[] = [
      btcUsd(),
      { kind: 'deposit', at: 0, userId: 'alice', asset: 'USD', amount: u('1000'), idempotencyKey: 'd1' },
      limit('alice', 'buy', '99.00', '1', 'b1'),
    ];
    const older = new ExchangeState();
    const asOlderBuild = () => Buffer.from(JSON.stringify({ ...older.snapshot(), rulesVersion: 1 }));
    const journal = Journal.open(journalDir, { sync: 'none' });
    journal.writeSnapshot(0, asOlderBuild());
    for (const c of commands) older.apply(c);
    const last = await journal.appendBatch(commands.map((c) => JSON.stringify(c)));
    await journal.close();
    const clock = new ManualClock(Date.UTC(2026, 0, 5));
    expect(() => open(dir, clock)).toThrow(RulesVersionError);
    expect(() => open(dir, clock)).toThrow(/records from 1 on written under exchange rules version 1/);
    // The older build, stopped cleanly, snapshots its final state: this build restores it, replays nothing, and
    // snapshots at once, so the records it writes are known to be its own.
    const reopened = Journal.open(journalDir, { sync: 'none' });
    reopened.writeSnapshot(last, asOlderBuild());
    await reopened.close();
    const service = open(dir, clock).service;
    expect(service.recovery).toMatchObject({ snapshotSeq: last, replayed: 0 });
    expect(service.stateHash()).toBe(older.stateHash());
    const newest = readSnapshotFile(journalDir, Math.max(...listSnapshots(journalDir)));
    expect(JSON.parse(String(newest)).rulesVersion).toBe(exchangeRulesVersion);
    await service.close();
  });

  it('restart recovers the same stateHash and balances from snapshot + journal', async () => {
    const { dir, clock, first } = await tradedService(20, 5, 'o');
    const hash = first.stateHash();
    const balances = first.balances('alice');
    await first.close();
    const second = open(dir, clock).service;
    expect(second.stateHash()).toBe(hash);
    expect(second.balances('alice')).toEqual(balances);
    // The same clientOrderId after a restart still returns the original order.
    const again = await second.placeOrder('bob', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.1',
      price: '99.50',
      clientOrderId: 'o1',
    });
    expect(again).toMatchObject({ ok: true, value: { order: { clientOrderId: 'o1' } } });
    await second.close();
  });

  it("lists a user's orders newest first: open, closed or all, by symbol and limit, also after a restart", async () => {
    const { dir, clock, first } = await tradedService(20, 5, 'o');
    const mine = (service: ExchangeService, status?: 'open' | 'closed' | 'all', limit?: number) =>
      service
        .listOrders('alice', { ...(status ? { status } : {}), ...(limit ? { limit } : {}) })
        .map((o) => `${o.clientOrderId}:${o.status}`);
    const all = mine(first, 'all');
    const open_ = mine(first, 'open');
    const closed = mine(first, 'closed');
    // alice placed the even orders, o0 .. o18; newest first.
    expect(all.map((x) => x.split(':')[0])).toEqual(Array.from({ length: 10 }, (_, k) => `o${18 - 2 * k}`));
    expect(open_.length + closed.length).toBe(10);
    expect(open_.length).toBeGreaterThan(0);
    expect(closed.length).toBeGreaterThan(0);
    expect(all.filter((x) => open_.includes(x))).toEqual(open_);
    expect(all.filter((x) => closed.includes(x))).toEqual(closed);
    expect(mine(first, 'all', 3)).toEqual(all.slice(0, 3));
    expect(first.listOrders('alice', { symbol: 'ETH-USD' })).toEqual([]);
    await first.close();
    const second = open(dir, clock).service;
    expect(mine(second, 'all')).toEqual(all);
    expect(mine(second, 'open')).toEqual(open_);
    await second.close();
  });

  it('keeps risk and idempotency codes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5));
    const { service } = open(tempDir(), clock);
    await listed(service);
    const base = { symbol: 'BTC-USD', side: 'buy' as const, type: 'limit' as const, quantity: '1', price: '99.00' };
    expect(await service.placeOrder('alice', { ...base, clientOrderId: 'a' })).toMatchObject({ ok: true });
    expect(await service.placeOrder('alice', { ...base, price: '98.00', clientOrderId: 'a' })).toMatchObject({
      code: 'idempotency_key_reused',
    });
    expect(await service.placeOrder('alice', { ...base, quantity: '500', clientOrderId: 'b' })).toMatchObject({
      code: 'insufficient_funds',
    });
    expect(await service.placeOrder('alice', { ...base, price: '200.00', clientOrderId: 'c' })).toMatchObject({
      code: 'price_outside_band',
    });
    expect(await service.cancelOrder('bob', '1')).toMatchObject({ code: 'unknown_order' });
    await service.close();
  });

  it('the timer expires good-till-date orders when they are due, journaled, and the order says why', async () => {
    const dir = tempDir();
    const clock = new ManualClock(Date.UTC(2026, 0, 5));
    let timer: (() => void) | undefined;
    const capture: Scheduler = (_ms, tick) => {
      timer = tick;
      return () => {};
    };
    const first = open(dir, clock, { scheduler: capture }).service;
    await listed(first);
    const placed = await first.placeOrder('bob', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '1',
      price: '95.00',
      clientOrderId: 'gtd-1',
      expireAt: new Date(clock.nowMs() + 60_000).toISOString(),
    });
    expect(placed).toMatchObject({
      ok: true,
      value: { order: { status: 'open', expireAt: '2026-01-05T00:01:00.000Z' } },
    });
    const bad = await first.placeOrder('bob', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '1',
      price: '95.00',
      clientOrderId: 'gtd-2',
      expireAt: 'tomorrow',
    });
    expect(bad).toMatchObject({ ok: false, code: 'expire_at_invalid', field: 'expireAt' });
    const id = placed.ok ? placed.value.order.id : '';
    // A second early the timer does nothing; at the time it submits the expiry.
    clock.advance(59_000);
    timer?.();
    await first.expireDue();
    expect(first.getOrder('bob', id)).toMatchObject({ ok: true, value: { status: 'open' } });
    clock.advance(1_000);
    // The timer's submit applies at once (the journal write follows; close waits for it).
    timer?.();
    expect(first.getOrder('bob', id)).toMatchObject({
      ok: true,
      value: { status: 'cancelled', cancelReason: 'expired' },
    });
    expect(first.balances('bob').find((b) => b.asset === 'USD')).toMatchObject({ held: '0.00' });
    const hash = first.stateHash();
    await first.close();
    const second = open(dir, clock).service;
    expect(second.stateHash()).toBe(hash);
    await second.close();
  });

  it('algo orders advance on journaled ticks and replay to the same state', async () => {
    const dir = tempDir();
    const clock = new ManualClock(Date.UTC(2026, 0, 5));
    const first = open(dir, clock).service;
    await listed(first);
    await first.placeOrder('alice', {
      symbol: 'BTC-USD',
      side: 'sell',
      type: 'limit',
      quantity: '5',
      price: '100.00',
      clientOrderId: 'liquidity',
    });
    const algo = await first.createAlgo('bob', {
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: '1',
      kind: 'twap',
      durationSeconds: 40,
      slices: 4,
      limitPrice: '101.00',
      randomise: true,
      clientOrderId: 'twap-1',
    });
    expect(algo).toMatchObject({ ok: true, value: { status: 'running', slicesTotal: 4, slicesDone: 1 } });
    // One tick a second, as the service's timer does; jittered slice times fall between ticks.
    for (let i = 0; i < 45; i++) {
      clock.advance(1_000);
      await first.tickAlgos();
    }
    const done = first.listAlgos('bob')[0];
    expect(done).toMatchObject({ status: 'completed', filledQuantity: '1.0000', averagePrice: '100.00' });
    // The only trades while it worked were its own: the interval VWAP is its average, no slippage against it.
    expect(done).toMatchObject({ intervalVwapPrice: '100.00', intervalSlippageBps: 0 });
    const hash = first.stateHash();
    await first.close();
    const second = open(dir, clock).service;
    expect(second.stateHash()).toBe(hash);
    await second.close();
  });
});

// The exchange service: owns the ExchangeState and its journal; every command is journaled and fsynced before its
// result is returned, then its events go to WebSocket channels, the bus, metrics and the database projection.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { assert, type Clock, err, ok, type Result } from '../../kernel/index.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { BalanceView, LedgerFunding, TransferView } from '../ledger/index.js';
import { Journal, listSnapshots, type RecoveryReport } from './journal/index.js';
import { exchangeLimits } from './limits.js';
import { exchangeRulesVersion, RulesVersionError, rulesVersionOf } from './rules-version.js';
import { ExchangeMetrics } from './service-metrics.js';
import {
  algoOrderView,
  type Formatters,
  fillView,
  formatters,
  orderView,
  positionView,
  symbolView,
  tradeView,
  transferView,
} from './service-views.js';
import { SnapshotFollower } from './snapshot-follower.js';
import {
  type ApplyOutcome,
  bookRefusal,
  type CommandResult,
  defaultRiskLimits,
  ExchangeState,
  noAlgoOrderOfYours,
  noOrderOfYours,
  priceRefusal,
  unlistedAsset,
  unlistedSymbol,
  userAccountId,
} from './state.js';
import { type AlgoRecord, algoView } from './state-algo.js';
import { formatAmount, parseAmount } from './state-amounts.js';
import type { ExchangeSnapshot } from './state-snapshot.js';
import type {
  ExchangeCommand,
  ExchangeEvent,
  FundingRecord,
  OrderRecord,
  RiskLimitsSpec,
  SymbolRecord,
} from './state-types.js';
import { assetTotalsView, verifyExchange } from './state-verify.js';

/** The bound a newest-first page stays below: the id a client passed as `before`, or none (an unreadable id: all). */
function idsBelow(before: string | undefined): number {
  return before === undefined ? Number.POSITIVE_INFINITY : (parseId(before) ?? 0);
}

/** Publishes to WebSocket channels (the platform's WsHub satisfies this). */
export interface ChannelPublisher {
  publish(channel: string, data: unknown, options?: { key?: string; userId?: string }): Promise<void>;
}

/** Receives the events of every applied command (the database projection implements this). */
export interface EventSinkPort {
  enqueue(events: readonly ExchangeEvent[], state: ExchangeState): void;
}

/** Starts a repeating timer; returns a stop function. Injected so tests can drive algo ticks by hand. */
export type Scheduler = (everyMs: number, run: () => void) => () => void;

/** The default scheduler: an unref'd setInterval, so it never keeps the process alive. */
export const intervalScheduler: Scheduler = (everyMs, run) => {
  const handle = setInterval(run, everyMs);
  handle.unref();
  return () => clearInterval(handle);
};

/** What the service needs from the platform. */
export interface ExchangeServiceDeps {
  /** Root data directory; the journal lives in `${dataDir}/exchange/journal`. */
  dataDir: string;
  clock: Clock;
  hub?: ChannelPublisher;
  bus?: Bus;
  metricsRegistry?: Registry;
  projection?: EventSinkPort;
  /** 'none' only for CPU benchmarks; default 'datasync'. */
  sync?: 'datasync' | 'full' | 'none';
  snapshotEveryCommands?: number;
  /**
   * Who takes the snapshots: 'follower' (default) a worker thread that applies the same journaled commands to its own
   * copy of the state, so order entry never waits for one; 'inline' the service itself, at the command that is due.
   */
  snapshots?: 'follower' | 'inline';
  scheduler?: Scheduler;
}

type View<T extends (...args: never[]) => unknown> = ReturnType<T>;
/** An order with the fills it made, as the API returns it. */
export type OrderOutcome = { order: View<typeof orderView>; fills: View<typeof fillView>[] };

/** Drops a publication's failure: subscribers are best-effort, the journal is the record. */
const ignore = (): void => {};

/** Book levels as [price, quantity] strings. */
function levelsView(levels: [bigint, bigint][], f: Formatters): [string, string][] {
  return levels.map(([p, q]) => [f.price(p), f.qty(q)]);
}

/** Single-writer exchange: one state machine, one journal, many readers. */
export class ExchangeService implements LedgerFunding {
  private sinceSnapshot = 0;
  private follower: SnapshotFollower | null = null;
  private stopTimer: () => void = () => {};
  private closed = false;
  private readonly metrics: ExchangeMetrics | null;
  /** What opening did: the snapshot restored, records replayed, last sequence number, and how long it took. */
  recovery: RecoveryReport & { seconds: number } = { snapshotSeq: 0, replayed: 0, lastSeq: 0, seconds: 0 };

  private constructor(
    private state: ExchangeState,
    private readonly journal: Journal,
    private readonly deps: ExchangeServiceDeps,
  ) {
    this.metrics = deps.metricsRegistry ? new ExchangeMetrics(deps.metricsRegistry) : null;
  }

  /** Opens the journal, restores the newest snapshot, replays the records after it, and starts the algo timer. */
  static open(deps: ExchangeServiceDeps): ExchangeService {
    let state = new ExchangeState();
    const replayed: ExchangeEvent[][] = [];
    const follow = (deps.snapshots ?? 'follower') === 'follower';
    // What the follower starts from: the same snapshot and records recovery used.
    let restored: Uint8Array | null = null;
    const replayTexts: string[] = [];
    const started = process.hrtime.bigint();
    // The rules the records after the snapshot were written under (null: no snapshot, a new or a pre-2 journal).
    let recordedRules: number | null = null;
    const { journal, report } = Journal.openAndRecover(
      join(deps.dataDir, 'exchange', 'journal'),
      {
        restore(_seq, bytes) {
          const snapshot = JSON.parse(bytes.toString('utf8')) as ExchangeSnapshot;
          recordedRules = rulesVersionOf(snapshot);
          state = ExchangeState.restore(snapshot);
          if (follow) restored = bytes;
        },
        apply(seq, payload) {
          if (recordedRules !== null && recordedRules !== exchangeRulesVersion) {
            throw new RulesVersionError(recordedRules, exchangeRulesVersion, seq);
          }
          const text = payload.toString('utf8');
          const outcome = state.apply(JSON.parse(text) as ExchangeCommand);
          if (deps.projection) replayed.push(outcome.events);
          if (follow) replayTexts.push(text);
        },
      },
      { sync: deps.sync ?? 'datasync' },
    );
    const recoverySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Every record from here on is written under this build's rules, which a snapshot must say before the first one.
    if (recordedRules !== exchangeRulesVersion) {
      journal.writeSnapshot(report.lastSeq, Buffer.from(JSON.stringify(state.snapshot())));
    }
    const service = new ExchangeService(state, journal, deps);
    if (follow) {
      service.follower = SnapshotFollower.start(
        {
          dir: journal.directory,
          every: deps.snapshotEveryCommands ?? exchangeLimits.snapshotEveryCommands,
          snapshotSeq: report.snapshotSeq,
          snapshot: restored,
          replay: replayTexts,
        },
        () => {
          if (!service.closed) journal.pruneCoveredSegments();
        },
      );
    }
    service.recovery = { ...report, seconds: recoverySeconds };
    // The projection catches up idempotently: retained orders and recent trades are upserted, then replayed events.
    deps.projection?.enqueue(service.catchUpEvents(), state);
    for (const events of replayed) deps.projection?.enqueue(events, state);
    service.stopTimer = (deps.scheduler ?? intervalScheduler)(exchangeLimits.algoTickMs, () => service.onTimer());
    return service;
  }

  /** Current state (read-only use: queries and tests). */
  get current(): ExchangeState {
    return this.state;
  }

  /** Applies a command, journals it, and resolves once it is durable; then publishes its events. */
  async submit(command: ExchangeCommand): Promise<Result<CommandResult>> {
    if (this.closed) return err('exchange_closed');
    const started = process.hrtime.bigint();
    let outcome: ApplyOutcome;
    try {
      outcome = this.state.apply(command);
    } catch (e) {
      // A broken invariant may have left the state half-applied; stop, and let a restart replay the journal.
      this.closed = true;
      throw e;
    }
    this.metrics?.observeMatch(command, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    const due = ++this.sinceSnapshot >= (this.deps.snapshotEveryCommands ?? exchangeLimits.snapshotEveryCommands);
    if (due) this.sinceSnapshot = 0;
    // Inline only without a working follower: serialising the whole state here holds up every queued command.
    const follower = this.follower && !this.follower.failure ? this.follower : null;
    const bytes = due && !follower ? Buffer.from(JSON.stringify(this.state.snapshot())) : null;
    const text = JSON.stringify(command);
    follower?.record(text);
    let seq: number;
    try {
      seq = await this.journal.append(text);
    } catch (e) {
      // Fail-stop: memory now holds a command the disk may not; refuse everything until a restart replays the journal.
      this.closed = true;
      throw e;
    }
    follower?.durableThrough(seq);
    if (bytes) this.journal.writeSnapshot(seq, bytes);
    this.publish(outcome);
    return outcome.result;
  }

  private publish(outcome: ApplyOutcome): void {
    const { hub, bus, projection } = this.deps;
    projection?.enqueue(outcome.events, this.state);
    for (const e of outcome.events) {
      if (e.type === 'trade' && bus) {
        const sym = this.symbol(e.trade.symbol);
        const point = { timeMs: e.trade.at, value: Number(formatAmount(e.trade.price, 0)) };
        const sample = { source: 'exchange', metric: `${sym.symbol}.last_price`, points: [point] };
        bus.publish('metrics.samples', sample).catch(ignore);
      }
      // Views are built only for a hub to send them to (a service opened without one, as in tools, skips them).
      if (!hub) continue;
      if (e.type === 'l2') {
        const f = formatters(this.symbol(e.symbol));
        const data = {
          type: 'l2',
          symbol: e.symbol,
          seq: e.seq,
          bids: levelsView(e.bids, f),
          asks: levelsView(e.asks, f),
        };
        hub.publish('market-updates', data, { key: e.symbol }).catch(ignore);
      } else if (e.type === 'trade') {
        const sym = this.symbol(e.trade.symbol);
        const data = { type: 'trade', symbol: sym.symbol, seq: e.seq, ...tradeView(e.trade, sym) };
        hub.publish('market-updates', data, { key: sym.symbol }).catch(ignore);
      } else if (e.type === 'symbol') {
        // No seq: a settings change is not a book change; clients re-read the symbol.
        const data = { type: 'symbol', ...symbolView(this.symbol(e.symbol)) };
        hub.publish('market-updates', data, { key: e.symbol }).catch(ignore);
      } else if (e.type === 'order') {
        const data = { type: 'order', order: orderView(e.order, this.symbol(e.order.symbol)) };
        hub.publish('orders', data, { userId: e.order.userId }).catch(ignore);
      } else if (e.type === 'fill') {
        const data = { type: 'fill', fill: fillView(e.fill, this.symbol(e.fill.symbol)) };
        hub.publish('orders', data, { userId: e.fill.userId }).catch(ignore);
      } else if (e.type === 'transfer') {
        // An administrator's deposit reaches the owner's open pages, which otherwise learn of it at their next order.
        const data = {
          type: 'transfer',
          transfer: transferView(e.transfer, this.state.assetScale(e.transfer.asset) ?? 0),
        };
        hub.publish('orders', data, { userId: e.transfer.userId }).catch(ignore);
      }
    }
  }

  private onTimer(): void {
    if (this.closed) return;
    const now = this.deps.clock.nowMs();
    const due = this.state.nextExpiryAt();
    // A submit applies in memory at once, so the next turn of the timer sees these orders gone.
    if (due !== null && due <= now) void this.submit({ kind: 'expireOrders', at: now }).catch(() => {});
    if (this.state.hasRunningAlgos()) void this.submit({ kind: 'algoTick', at: now }).catch(() => {});
  }

  /** Expires the good-till-date orders due now (what the timer does); resolves with how many once it is durable. */
  async expireDue(): Promise<number> {
    const r = await this.submit({ kind: 'expireOrders', at: this.deps.clock.nowMs() });
    return r.ok && r.value.kind === 'expire' ? r.value.expiredOrders : 0;
  }

  /** Advances running algo orders now (what the timer does); resolves when the tick is durable. */
  async tickAlgos(): Promise<void> {
    await this.submit({ kind: 'algoTick', at: this.deps.clock.nowMs() });
  }

  /** Events that re-project everything the state still holds (orders and recent trades); upserts make it idempotent. */
  private catchUpEvents(): ExchangeEvent[] {
    const events: ExchangeEvent[] = [];
    for (const o of this.state.orders.values()) events.push({ type: 'order', order: o });
    for (const list of this.state.recentTrades.values())
      for (const t of list) events.push({ type: 'trade', trade: t, seq: 0 });
    return events;
  }

  /**
   * Stops the timer, waits until pending appends are durable, snapshots the final state and closes the journal. The
   * snapshot means the next start replays nothing, which also lets a build with other rules take over (see
   * rules-version.ts). A service stopped by a failure skips it; its restart replays the journal as after a crash.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopTimer();
    await this.follower?.close();
    await this.snapshotAtClose();
    await this.journal.close();
  }

  private async snapshotAtClose(): Promise<void> {
    let seq: number;
    try {
      seq = await this.journal.settled();
    } catch {
      return; // A failed journal: the next start recovers from what is on disk.
    }
    const newest = Math.max(0, ...listSnapshots(this.journal.directory));
    if (seq > newest) this.journal.writeSnapshot(seq, Buffer.from(JSON.stringify(this.state.snapshot())));
  }

  /**
   * Waits until the snapshot follower has applied every command so far and written the snapshots due; resolves with
   * the last record it applied, or -1 without a working follower (tests and tools).
   */
  async snapshotsSettled(): Promise<number> {
    return this.follower ? this.follower.settled() : -1;
  }

  private symbol(name: string): SymbolRecord {
    return this.state.symbols.get(name) as SymbolRecord;
  }

  private at(): number {
    return this.deps.clock.nowMs();
  }

  // ---- symbols ----

  /** Lists a symbol; prices and sizes are decimal strings. */
  async addSymbol(input: {
    symbol: string;
    baseAsset: string;
    quoteAsset: string;
    baseScale: number;
    quoteScale: number;
    tickSize: string;
    lotSize: string;
    minQuantity: string;
    maxQuantity: string;
    priceBandPercent?: number;
    referencePrice?: string;
    makerFeeBps: number;
    takerFeeBps: number;
  }): Promise<Result<View<typeof symbolView>>> {
    const parsed = parseFields(input, ['tickSize', 'lotSize', 'minQuantity', 'maxQuantity', 'referencePrice']);
    if (!parsed.ok) return parsed;
    const r = await this.submit({
      ...input,
      ...parsed.value,
      kind: 'addSymbol',
      at: this.at(),
      priceBandPercent: input.priceBandPercent ?? 10,
    } as ExchangeCommand);
    if (!r.ok) return r;
    return ok(symbolView(this.symbol(input.symbol)));
  }

  /** Halts or resumes a symbol, or moves its price band or reference price (null removes it); operators only. */
  async updateSymbol(
    symbol: string,
    input: { halted?: boolean; priceBandPercent?: number; referencePrice?: string | null },
  ): Promise<Result<View<typeof symbolView>>> {
    const { referencePrice, ...rest } = input;
    let ref: string | null | undefined = referencePrice;
    if (typeof referencePrice === 'string') {
      const parsed = parseFields({ referencePrice }, ['referencePrice']);
      if (!parsed.ok) return parsed;
      ref = parsed.value.referencePrice;
    }
    const r = await this.submit({
      ...rest,
      ...(ref === undefined ? {} : { referencePrice: ref }),
      kind: 'updateSymbol',
      at: this.at(),
      symbol,
    });
    if (!r.ok) return r;
    return ok(symbolView(this.symbol(symbol)));
  }

  /** Every listed symbol. */
  listSymbols() {
    return [...this.state.symbols.values()].map(symbolView);
  }

  // ---- funding (LedgerFunding) ----

  /** Deposits into the user's account (idempotent by key). */
  deposit(input: { userId: string; asset: string; amount: string; idempotencyKey: string }) {
    return this.funding('deposit', input);
  }

  /** Withdraws from the user's available balance (idempotent by key). */
  withdraw(input: { userId: string; asset: string; amount: string; idempotencyKey: string }) {
    return this.funding('withdraw', input);
  }

  private async funding(
    kind: 'deposit' | 'withdraw',
    input: { userId: string; asset: string; amount: string; idempotencyKey: string },
  ): Promise<Result<{ transferId: string; balance: BalanceView }>> {
    const scale = this.state.assetScale(input.asset);
    if (scale === null) return err('asset_not_found', unlistedAsset(input.asset), 'asset');
    const amount = parseAmount(input.amount, scale);
    if (amount === null)
      return err('amount_invalid', `${input.asset} amounts have at most ${scale} decimals`, 'amount');
    const r = await this.submit({ kind, at: this.at(), ...input, amount: amount.toString() });
    if (!r.ok) return r;
    const transferId = r.value.kind === 'funding' ? String(r.value.transferId) : '';
    return ok({ transferId, balance: this.balanceOf(input.userId, input.asset) });
  }

  private balanceOf(userId: string, asset: string): BalanceView {
    const a = this.state.ledger.account(userAccountId(userId, asset));
    const scale = this.state.assetScale(asset) ?? 0;
    const available = a?.availableMinor ?? 0n;
    const held = a?.heldMinor ?? 0n;
    return {
      asset,
      available: formatAmount(available, scale),
      held: formatAmount(held, scale),
      total: formatAmount(available + held, scale),
    };
  }

  /**
   * The user's deposits and withdrawals, newest first, `limit` at a time; `before` (a transfer id from the previous
   * page) continues below it.
   */
  transfers(userId: string, q: { asset?: string; limit: number; before?: string }): TransferView[] {
    const history = this.state.fundingHistory.get(userId) ?? [];
    const before = idsBelow(q.before);
    const out: TransferView[] = [];
    for (let i = history.length - 1; i >= 0 && out.length < q.limit; i--) {
      const t = history[i] as FundingRecord;
      if (t.id >= before || (q.asset !== undefined && t.asset !== q.asset)) continue;
      out.push(transferView(t, this.state.assetScale(t.asset) ?? 0));
    }
    return out;
  }

  /** The user's balances in every asset the exchange knows. */
  balances(userId: string): BalanceView[] {
    return [...this.state.assetScales.keys()].sort().map((asset) => this.balanceOf(userId, asset));
  }

  // ---- orders ----

  /** Places an order; amounts are decimal strings. */
  async placeOrder(
    userId: string,
    input: {
      symbol: string;
      side: 'buy' | 'sell';
      type: 'limit' | 'market' | 'stop_limit' | 'stop_market';
      quantity: string;
      price?: string;
      stopPrice?: string;
      protectionPrice?: string;
      timeInForce?: 'gtc' | 'ioc' | 'fok';
      postOnly?: boolean;
      displayQuantity?: string;
      selfTradePrevention?: 'cancel_newest' | 'cancel_oldest' | 'decrement_both';
      clientOrderId: string;
      /** Good till date: an ISO 8601 time with its offset (2026-12-31T17:00:00Z). */
      expireAt?: string;
    },
  ): Promise<Result<OrderOutcome>> {
    const parsed = parseFields(input, ['quantity', 'price', 'stopPrice', 'protectionPrice', 'displayQuantity']);
    if (!parsed.ok) return parsed;
    const { expireAt: expireText, ...rest } = input;
    const expireAt = expireText === undefined ? undefined : Date.parse(expireText);
    if (expireAt !== undefined && Number.isNaN(expireAt)) {
      return err('expire_at_invalid', 'the expiry must be an ISO 8601 time such as 2026-12-31T17:00:00Z', 'expireAt');
    }
    const command = {
      ...rest,
      ...parsed.value,
      ...(expireAt === undefined ? {} : { expireAt }),
      kind: 'place',
      at: this.at(),
      userId,
    };
    return this.orderOutcome(await this.submit(command as ExchangeCommand));
  }

  /** Cancels one of the user's orders. */
  async cancelOrder(userId: string, orderId: string): Promise<Result<OrderOutcome>> {
    const id = parseId(orderId);
    if (id === null) return err('unknown_order', noOrderOfYours(orderId), 'id');
    return this.orderOutcome(await this.submit({ kind: 'cancel', at: this.at(), userId, orderId: id }));
  }

  /**
   * Cancels everything the user has working (live orders, waiting stops, running or paused algo orders), or only on
   * one symbol. Algo children go with their parents and are not counted among `cancelledOrders`.
   */
  async cancelAll(
    userId: string,
    scope: { symbol?: string; cause?: 'trading_withdrawn' } = {},
  ): Promise<Result<{ cancelledOrders: number; cancelledAlgoOrders: number }>> {
    const r = await this.submit({ kind: 'cancelAll', at: this.at(), userId, ...scope });
    if (!r.ok) return r;
    const v = r.value;
    assert(v.kind === 'cancelAll', 'cancelAll answered with another kind');
    return ok({ cancelledOrders: v.cancelledOrders, cancelledAlgoOrders: v.cancelledAlgoOrders });
  }

  /** Whether the user has a live order or a running or paused algo order. */
  hasWorkingOrders(userId: string): boolean {
    return this.state.hasWorkingOrders(userId);
  }

  /** Changes price and/or total quantity of one of the user's resting orders. */
  async amendOrder(
    userId: string,
    orderId: string,
    input: { price?: string; quantity?: string; stopPrice?: string },
  ): Promise<Result<OrderOutcome>> {
    const id = parseId(orderId);
    if (id === null) return err('unknown_order', noOrderOfYours(orderId), 'id');
    const parsed = parseFields(input, ['price', 'quantity', 'stopPrice']);
    if (!parsed.ok) return parsed;
    if (input.price === undefined && input.quantity === undefined && input.stopPrice === undefined) {
      return bookRefusal('amend_changes_nothing');
    }
    return this.orderOutcome(
      await this.submit({ kind: 'amend', at: this.at(), userId, orderId: id, ...parsed.value } as ExchangeCommand),
    );
  }

  private orderOutcome(r: Result<CommandResult>): Result<OrderOutcome> {
    if (!r.ok) return r;
    if (r.value.kind !== 'order') return err('internal_error');
    const sym = this.symbol(r.value.order.symbol);
    return ok({ order: orderView(r.value.order, sym), fills: r.value.fills.map((f) => fillView(f, sym)) });
  }

  /** The user's orders, newest first. */
  listOrders(
    userId: string,
    q: { symbol?: string; status?: 'open' | 'closed' | 'all'; limit?: number; before?: string },
  ): View<typeof orderView>[] {
    const limit = Math.min(q.limit ?? exchangeLimits.listItemsDefault, exchangeLimits.listItemsMax);
    // A page after the first starts below the last id of the one before (ids rise with time).
    const before = idsBelow(q.before);
    const out: View<typeof orderView>[] = [];
    // Only the user's own orders are read (their live ones and their retained closed ones), not the exchange's.
    // Ids rise with time, so newest first is highest id first.
    const ids = [
      ...(q.status === 'closed' ? [] : this.state.liveOrdersOf(userId)),
      ...(q.status === 'open' ? [] : this.state.closedOrdersOf(userId)),
    ].sort((a, b) => a - b);
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i] as number;
      if (id >= before) continue;
      const o = this.state.orders.get(id) as OrderRecord;
      if (q.symbol && o.symbol !== q.symbol) continue;
      out.push(orderView(o, this.symbol(o.symbol)));
      if (out.length >= limit) break;
    }
    return out;
  }

  /** One of the user's orders. */
  getOrder(userId: string, orderId: string): Result<View<typeof orderView>> {
    const id = parseId(orderId);
    const o = id === null ? undefined : this.state.orders.get(id);
    if (!o || o.userId !== userId) return err('unknown_order', noOrderOfYours(orderId), 'id');
    return ok(orderView(o, this.symbol(o.symbol)));
  }

  /** The user's recent fills, newest first. */
  listFills(userId: string, q: { symbol?: string; limit?: number; before?: string }): View<typeof fillView>[] {
    const limit = Math.min(q.limit ?? exchangeLimits.listItemsDefault, exchangeLimits.listItemsMax);
    let fills = (this.state.recentFills.get(userId) ?? []).filter((f) => !q.symbol || f.symbol === q.symbol);
    if (q.before !== undefined) {
      // Fills are kept oldest first; a page after the first ends just before the fill it names.
      const at = fills.findIndex((f) => f.id === q.before);
      fills = at < 0 ? [] : fills.slice(0, at);
    }
    return fills
      .slice(-limit)
      .reverse()
      .map((f) => fillView(f, this.symbol(f.symbol)));
  }

  /**
   * The user's positions, each marked to its symbol's last trade (or listing reference price); with `symbol` only
   * that one, and with `markPrice` (a decimal price of that symbol) marked to the price the caller supplies.
   */
  positions(userId: string, options: { symbol?: string; markPrice?: string } = {}) {
    const { symbol, markPrice } = options;
    let markTicks: bigint | undefined;
    if (markPrice !== undefined) {
      if (symbol === undefined)
        return err('mark_price_needs_symbol', 'a mark price is a price of one symbol', 'symbol');
      const sym = this.state.symbols.get(symbol);
      if (!sym) return err('unknown_symbol', unlistedSymbol(symbol), 'symbol');
      const price = parseAmount(markPrice) ?? 0n;
      const bad = priceRefusal(sym, price, 'markPrice', 'mark price');
      if (bad) return bad;
      markTicks = price / sym.tickSize;
    }
    const out: View<typeof positionView>[] = [];
    for (const [key, p] of this.state.positions) {
      if (!key.startsWith(`${userId}\u0000`) || (symbol !== undefined && p.symbol !== symbol)) continue;
      out.push(positionView(p, this.symbol(p.symbol), markTicks));
    }
    return ok(out);
  }

  // ---- market data ----

  /** Top `levels` of each side with the symbol's current market-updates sequence. */
  book(symbol: string, levels: number) {
    const sym = this.state.symbols.get(symbol);
    if (!sym) return err('unknown_symbol', unlistedSymbol(symbol), 'symbol');
    const f = formatters(sym);
    const depth = this.state.depthMaps(symbol);
    const n = Math.min(levels, exchangeLimits.bookLevelsMax);
    const side = (m: Map<bigint, bigint>) => [...m].slice(0, n).map(([p, q]) => [f.price(p), f.qty(q)]);
    return ok({ symbol, seq: this.state.marketSeq.get(symbol) ?? 0, bids: side(depth.bids), asks: side(depth.asks) });
  }

  /** Recent public trades, newest first. */
  trades(symbol: string, limit: number) {
    const sym = this.state.symbols.get(symbol);
    if (!sym) return err('unknown_symbol', unlistedSymbol(symbol), 'symbol');
    const list = this.state.recentTrades.get(symbol) ?? [];
    return ok(
      list
        .slice(-Math.min(limit, exchangeLimits.listItemsMax))
        .reverse()
        .map((t) => tradeView(t, sym)),
    );
  }

  /** Recent trades of a symbol in internal units (for in-memory candles). */
  recentTrades(symbol: string) {
    return this.state.recentTrades.get(symbol) ?? [];
  }

  /** A listed symbol record, or undefined. */
  symbolRecord(symbol: string): SymbolRecord | undefined {
    return this.state.symbols.get(symbol);
  }

  // ---- algo orders and risk ----

  /** Creates a TWAP/VWAP parent order. */
  async createAlgo(
    userId: string,
    input: {
      symbol: string;
      side: 'buy' | 'sell';
      quantity: string;
      kind: 'twap' | 'vwap';
      durationSeconds: number;
      slices: number;
      limitPrice?: string;
      randomise?: boolean;
      clientOrderId: string;
    },
  ) {
    const parsed = parseFields(input, ['quantity', 'limitPrice']);
    if (!parsed.ok) return parsed;
    const { kind, ...rest } = input;
    const r = await this.submit({
      ...rest,
      ...parsed.value,
      kind: 'algoCreate',
      algo: kind,
      at: this.at(),
      userId,
      seed: randomInt(0, 2 ** 31),
    } as ExchangeCommand);
    return this.algoOutcome(r);
  }

  /** Pauses, resumes or cancels a parent order. */
  async controlAlgo(userId: string, algoId: string, action: 'pause' | 'resume' | 'cancel') {
    const id = parseId(algoId);
    if (id === null) return err('unknown_algo_order', noAlgoOrderOfYours(algoId), 'id');
    return this.algoOutcome(await this.submit({ kind: 'algoControl', at: this.at(), userId, algoId: id, action }));
  }

  private algoOutcome(r: Result<CommandResult>) {
    if (!r.ok) return r;
    if (r.value.kind !== 'algo') return err('internal_error');
    return ok(algoOrderView(r.value.algo, this.symbol(r.value.algo.symbol)));
  }

  /**
   * The user's algo orders (working and retained finished ones), newest first, `limit` at a time; `before` (an id
   * from the previous page) continues below it. Reads only the user's own parents.
   */
  listAlgos(userId: string, q: { limit?: number; before?: string } = {}) {
    const limit = Math.min(q.limit ?? exchangeLimits.listItemsDefault, exchangeLimits.listItemsMax);
    const before = idsBelow(q.before);
    const ids = this.state.algoIdsOf(userId).filter((id) => id < before);
    return ids
      .slice(-limit)
      .reverse()
      .map((id) => {
        const a = this.state.algos.get(id) as AlgoRecord;
        return algoOrderView(algoView(a, this.symbol(a.symbol)), this.symbol(a.symbol));
      });
  }

  /** One of the user's algo orders. */
  getAlgo(userId: string, algoId: string) {
    const id = parseId(algoId);
    const a = id === null ? undefined : this.state.algos.get(id);
    if (!a || a.userId !== userId) return err('unknown_algo_order', noAlgoOrderOfYours(algoId), 'id');
    return ok(algoOrderView(algoView(a, this.symbol(a.symbol)), this.symbol(a.symbol)));
  }

  /** Engages or releases a kill switch; engaging cancels the live orders in its scope. */
  async killSwitch(input: { scope: 'global' | 'account'; userId?: string; engaged: boolean }) {
    const r = await this.submit({ kind: 'killSwitch', at: this.at(), ...input });
    if (!r.ok) return r;
    return ok({ cancelledOrders: r.value.kind === 'kill' ? r.value.cancelledOrders : 0 });
  }

  /** The kill switches as they stand: the global halt and the accounts (user ids) switched off. */
  killSwitches(): { globalHalted: boolean; killedAccounts: string[] } {
    return { globalHalted: this.state.kill.globalHalted, killedAccounts: [...this.state.kill.killedAccounts].sort() };
  }

  /** An account's operator-set risk limits (decimal strings), or null when it trades under the defaults. */
  riskLimits(userId: string): Result<RiskLimitsView> {
    const spec = this.state.riskOverrides.get(userId);
    return ok({ userId, limits: spec === undefined ? null : riskLimitsView(spec), defaults: riskLimitDefaults });
  }

  /** Sets an account's risk limits (each given field replaces its default), or clears them with `null`. */
  async setRiskLimits(userId: string, input: RiskLimitsInput | null) {
    let limits: RiskLimitsSpec | null = null;
    if (input !== null) {
      const { positionMaxBySymbol, ...rest } = input;
      const parsed = parseFields(rest, ['orderQuantityMax', 'orderNotionalMax', 'positionMax']);
      if (!parsed.ok) return parsed;
      const bySymbol = positionMaxBySymbol && parseFields(positionMaxBySymbol, Object.keys(positionMaxBySymbol));
      if (bySymbol && !bySymbol.ok) return { ...bySymbol, field: `positionMaxBySymbol.${bySymbol.field}` };
      const symbols = bySymbol ? { positionMaxBySymbol: bySymbol.value as Record<string, string> } : {};
      limits = { ...rest, ...parsed.value, ...symbols };
    }
    const r = await this.submit({ kind: 'setRiskLimits', at: this.at(), userId, limits });
    if (!r.ok) return r;
    return this.riskLimits(userId);
  }

  /**
   * Audits the books (see state-verify.ts): where each asset's money is, in its declared units, and every broken rule
   * (none when sound).
   */
  audit(): { assets: ReturnType<typeof assetTotalsView>[]; problems: string[] } {
    const { assets, problems } = verifyExchange(this.state);
    return { assets: assets.map((t) => assetTotalsView(t, this.state.assetScale(t.asset) ?? 0)), problems };
  }

  /** The state's hash (tests compare it across restarts). */
  stateHash(): string {
    return this.state.stateHash();
  }

  /** Journal counters (records / flushes = group-commit factor). */
  journalStats() {
    return this.journal.stats;
  }
}

/** Parses the named decimal fields to internal minor-unit strings; undefined fields stay undefined. */
function parseFields<T extends object, K extends keyof T & string>(
  input: T,
  fields: readonly K[],
): Result<Partial<Record<K, string>>> {
  const out: Partial<Record<K, string>> = {};
  for (const f of fields) {
    const v = input[f];
    if (v === undefined) continue;
    const parsed = typeof v === 'string' ? parseAmount(v) : null;
    if (parsed === null) return err('amount_invalid', `${f} must be a non-negative decimal string`, f);
    out[f] = parsed.toString();
  }
  return ok(out);
}

function parseId(text: string): number | null {
  if (!/^[1-9][0-9]{0,14}$/.test(text)) return null;
  return Number(text);
}

/** Risk limits as the API reads and writes them: amounts as decimal strings of the base (quote for notional) asset. */
export interface RiskLimitsInput {
  orderQuantityMax?: string;
  orderNotionalMax?: string;
  openOrdersMax?: number;
  positionMax?: string;
  positionMaxBySymbol?: Record<string, string>;
  ordersPerWindowMax?: number;
}

/**
 * What applies where an account has no limit of its own: the counts below; no account limit on order quantity (the
 * symbol's maximum applies), notional or position.
 */
const riskLimitDefaults = {
  openOrdersMax: defaultRiskLimits.openOrdersMax,
  ordersPerWindowMax: defaultRiskLimits.ordersPerWindowMax,
  rateWindowMs: defaultRiskLimits.rateWindowMs,
};

/** An account's risk limits as GET /exchange/risk-limits shows them. */
export interface RiskLimitsView {
  userId: string;
  /** The operator's limits for the account, or null when it has none. */
  limits: RiskLimitsInput | null;
  defaults: typeof riskLimitDefaults;
}

function riskLimitsView(spec: RiskLimitsSpec): RiskLimitsInput {
  const amount = (v: string) => formatAmount(BigInt(v), 0);
  const out: RiskLimitsInput = { ...spec };
  for (const field of ['orderQuantityMax', 'orderNotionalMax', 'positionMax'] as const) {
    const v = spec[field];
    if (v !== undefined) out[field] = amount(v);
  }
  if (spec.positionMaxBySymbol !== undefined) {
    out.positionMaxBySymbol = Object.fromEntries(
      Object.entries(spec.positionMaxBySymbol).map(([symbol, v]) => [symbol, amount(v)]),
    );
  }
  return out;
}

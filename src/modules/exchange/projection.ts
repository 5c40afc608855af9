// Projects exchange events into SQL (orders, trades, price_history) off the order-entry path: a bounded queue drained
// in batches. Writes are upserts by id, so re-projecting after a restart (catch-up) is idempotent.
import type { Database } from '../../platform/db/database.js';
import { type Candle, type CandleInterval, candleIntervals } from './candles.js';
import { exchangeLimits } from './limits.js';
import type { EventSinkPort } from './service.js';
import type { ExchangeState } from './state.js';
import { formatAmount } from './state-amounts.js';
import type { ExchangeEvent, OrderRecord, TradeRecord } from './state-types.js';

const dec = (v: bigint): string => formatAmount(v, 0);
const ts = (ms: number): string => new Date(ms).toISOString();

type OrderRow = unknown[];
type TradeRow = unknown[];

function orderRow(o: OrderRecord): OrderRow {
  return [
    o.id,
    o.userId,
    o.clientOrderId,
    o.symbol,
    o.side,
    dec(o.quantity),
    o.price === null ? null : dec(o.price),
    o.type,
    o.status,
    dec(o.filledQuantity),
    o.filledQuantity > 0n ? dec(o.filledValue / o.filledQuantity) : null,
    ts(o.createdAt),
    ts(o.updatedAt),
    o.status === 'filled' ? ts(o.updatedAt) : null,
  ];
}

function tradeRow(t: TradeRecord): TradeRow {
  return [t.id, t.symbol, dec(t.price), dec(t.quantity), t.takerSide, t.makerOrderId, t.takerOrderId, ts(t.at)];
}

function placeholders(rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    out.push(`(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(',')})`);
  }
  return out.join(',');
}

/** The SQL projection; `flush()` waits until everything queued so far is written. */
export class ExchangeProjection implements EventSinkPort {
  /** Latest row per order id (an order changing many times in a batch is written once). */
  private orders = new Map<number, OrderRow>();
  private trades: TradeRow[] = [];
  private draining: Promise<void> | null = null;
  /** Rows dropped because the queue was full (the next restart's catch-up rewrites what the state still holds). */
  dropped = 0;
  /** Last write error, for readiness and logs. */
  lastError: Error | null = null;

  constructor(private readonly database: Database) {}

  /** Queues the events' rows and starts a drain if none is running. Never blocks and never throws. */
  enqueue(events: readonly ExchangeEvent[], _state: ExchangeState): void {
    for (const e of events) {
      if (e.type === 'order') this.orders.set(e.order.id, orderRow(e.order));
      else if (e.type === 'trade') this.trades.push(tradeRow(e.trade));
    }
    const excess = this.orders.size + this.trades.length - exchangeLimits.projectionQueueMax;
    if (excess > 0) {
      const fromTrades = Math.min(excess, this.trades.length);
      this.trades.splice(0, fromTrades);
      this.dropped += excess;
      for (const id of [...this.orders.keys()].slice(0, excess - fromTrades)) this.orders.delete(id);
    }
    if (!this.draining && (this.orders.size > 0 || this.trades.length > 0)) {
      // Waiting a little gathers many events per transaction (PGlite runs on this thread: fewer, larger writes).
      this.draining = new Promise<void>((resolve) =>
        setTimeout(resolve, exchangeLimits.projectionDelayMs).unref(),
      ).then(() => this.drain());
    }
  }

  /** Resolves once every row queued before the call is written (or failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.orders.size > 0 || this.trades.length > 0) {
        const max = exchangeLimits.projectionBatchMax;
        const orderBatch = [...this.orders.entries()].slice(0, max);
        for (const [id] of orderBatch) this.orders.delete(id);
        const tradeBatch = this.trades.splice(0, max);
        try {
          await this.write(
            orderBatch.map(([, row]) => row),
            tradeBatch,
          );
          this.lastError = null;
        } catch (e) {
          // The journal is the source of truth: a failed batch is counted and left to the next catch-up.
          this.lastError = e as Error;
          this.dropped += orderBatch.length + tradeBatch.length;
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private async write(orderRows: OrderRow[], tradeRows: TradeRow[]): Promise<void> {
    await this.database.rawTransaction(async (query) => {
      if (orderRows.length > 0) {
        await query(
          `insert into orders (id, user_id, client_order_id, asset_id, side, amount, price, order_type, status,
             filled_amount, average_price, created_at, updated_at, filled_at)
           values ${placeholders(orderRows.length, 14)}
           on conflict (id) do update set status = excluded.status, amount = excluded.amount, price = excluded.price,
             filled_amount = excluded.filled_amount, average_price = excluded.average_price,
             updated_at = excluded.updated_at, filled_at = excluded.filled_at
           where orders.updated_at <= excluded.updated_at`,
          orderRows.flat(),
        );
      }
      if (tradeRows.length > 0) {
        // Only trades inserted now feed price_history, so a re-projected trade never adds its volume twice.
        await query(
          `with ins as (
             insert into trades (id, asset_id, price, quantity, taker_side, maker_order_id, taker_order_id, at)
             values ${placeholders(tradeRows.length, 8)}
             on conflict (id) do nothing
             returning id, asset_id, price, quantity, at)
           insert into price_history (time, asset_id, price, volume)
           select at, asset_id, (array_agg(price order by id desc))[1], sum(quantity) from ins group by at, asset_id
           on conflict (time, asset_id) do update
             set price = excluded.price, volume = price_history.volume + excluded.volume`,
          tradeRows.flat(),
        );
      }
    });
  }

  /** Candles from the trades table (date_bin from the epoch), newest first, in internal minor units. */
  async candles(symbol: string, interval: CandleInterval, limit: number): Promise<Candle[]> {
    const seconds = candleIntervals[interval] / 1000;
    const rows = await this.database.query(
      `select extract(epoch from date_bin(make_interval(secs => $2), at, timestamptz '1970-01-01 00:00:00+00')) * 1000 as t,
         (array_agg(price order by id))[1]::text as open, max(price)::text as high, min(price)::text as low,
         (array_agg(price order by id desc))[1]::text as close, sum(quantity)::text as volume
       from trades where asset_id = $1 group by 1 order by 1 desc limit $3`,
      [symbol, seconds, limit],
    );
    const scale = 10n ** BigInt(exchangeLimits.internalScale);
    const big = (text: unknown): bigint => {
      const [whole, frac = ''] = String(text).split('.');
      return (
        BigInt(whole as string) * scale +
        BigInt((frac + '0'.repeat(exchangeLimits.internalScale)).slice(0, exchangeLimits.internalScale))
      );
    };
    return rows.map((r) => ({
      startMs: Number(r.t),
      open: big(r.open),
      high: big(r.high),
      low: big(r.low),
      close: big(r.close),
      volume: big(r.volume),
    }));
  }
}

// Prometheus domain metrics of the exchange: orders, trades, rejections by code, matching latency.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { ApplyOutcome } from './state.js';
import type { ExchangeCommand } from './state-types.js';

/** Counters and the latency histogram, registered on the app's registry. */
export class ExchangeMetrics {
  private readonly orders: Counter<'type'>;
  private readonly trades: Counter;
  private readonly rejections: Counter<'code'>;
  private readonly latency: Histogram<'command'>;

  constructor(registry: Registry) {
    this.orders = new Counter({
      name: 'nexus_exchange_orders_total',
      help: 'Orders accepted by the exchange, by order type',
      labelNames: ['type'] as const,
      registers: [registry],
    });
    this.trades = new Counter({ name: 'nexus_exchange_trades_total', help: 'Trades matched', registers: [registry] });
    this.rejections = new Counter({
      name: 'nexus_exchange_rejections_total',
      help: 'Commands refused, by stable code',
      labelNames: ['code'] as const,
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'nexus_exchange_matching_seconds',
      help: 'Time to apply one command to the state machine (before the journal fsync)',
      labelNames: ['command'] as const,
      buckets: [0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.005, 0.01, 0.05],
      registers: [registry],
    });
  }

  /** Records one applied command. */
  observeMatch(command: ExchangeCommand, outcome: ApplyOutcome, seconds: number): void {
    this.latency.observe({ command: command.kind }, seconds);
    if (!outcome.result.ok) this.rejections.inc({ code: outcome.result.code });
    else if (command.kind === 'place') this.orders.inc({ type: command.type });
    let trades = 0;
    for (const e of outcome.events) if (e.type === 'trade') trades++;
    if (trades > 0) this.trades.inc(trades);
  }
}

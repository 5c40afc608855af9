// Order load on ExchangeService for the benchmarks: a temp-dir service with funded traders, and submitters that each
// wait for their order's acknowledgement (fsync) before sending the next.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/kernel/index.js';
import { btcUsdListing } from '../src/modules/exchange/api-fixtures.js';
import { ExchangeService, type ExchangeServiceDeps } from '../src/modules/exchange/service.js';
import { crossingOrder } from './crossing-order.js';

/** Traders t0..t7; even ones buy and odd ones sell at the same price, so about half the orders trade. */
export const loadTraders = 8;

/** A service over a fresh temp dir with BTC-USD listed and every trader funded; `close` also removes the dir. */
export async function fundedService(
  options: Pick<ExchangeServiceDeps, 'snapshots'> = {},
): Promise<{ service: ExchangeService; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nexus-bench-exchange-'));
  const service = ExchangeService.open({ dataDir, clock: systemClock, scheduler: () => () => {}, ...options });
  const close = async () => {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await service.addSymbol(btcUsdListing);
    for (let t = 0; t < loadTraders; t++) {
      await service.deposit({ userId: `t${t}`, asset: 'USD', amount: '100000000', idempotencyKey: 'u' });
      await service.deposit({ userId: `t${t}`, asset: 'BTC', amount: '1000000', idempotencyKey: 'b' });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { service, close };
}

/**
 * `submitters` concurrent clients for `seconds`, each placing a crossing limit order and waiting for its answer
 * before the next; returns each order's acknowledgement latency in ms and the seconds it took.
 */
export async function submitCrossingOrders(
  service: ExchangeService,
  submitters: number,
  seconds: number,
): Promise<{ latencies: number[]; elapsed: number }> {
  let n = 0;
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  const submitter = async () => {
    while (Date.now() < end) {
      const { trader, body } = crossingOrder(n++, loadTraders, 'j');
      const started = performance.now();
      await service.placeOrder(`t${trader}`, body);
      latencies.push(performance.now() - started);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: submitters }, submitter));
  return { latencies, elapsed: (performance.now() - t0) / 1000 };
}

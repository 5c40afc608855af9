// HTTP order-entry benchmark: POST /api/v1/exchange/orders through the whole product (auth, validation, risk,
// matching, settlement, journal fsync, projection) with autocannon on loopback, run in a worker thread so the load tool
// has the second core; plus journaled commands per second measured directly on ExchangeService with fsync on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../src/compose.js';
import { btcUsdListing } from '../src/modules/exchange/api-fixtures.js';
import { loadConfig } from '../src/platform/config.js';
import { startModuleWorker } from '../src/platform/worker.js';
import { freshPostgres, memoryPglite } from '../test/helpers/databases.js';
import { fundedService, submitCrossingOrders } from './exchange-load.js';
import type { HttpLoad, HttpLoadResult } from './http-load-worker.js';
import { emit, percentile, round } from './report.js';

const bench = 'http-orders';
const durationS = Number(process.env.HTTP_ORDERS_SECONDS ?? '10');
const connections = 32;
const traders = 8;
const password = 'Bench-Password-123';

const symbol = btcUsdListing;

async function httpOrders(auditEachRequest: boolean, backend: 'pglite' | 'postgres' = 'pglite'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nexus-bench-http-'));
  const db = backend === 'postgres' ? await freshPostgres() : await memoryPglite();
  const config = loadConfig({ DATA_DIR: dataDir, NEXUS_ADMIN_PASSWORD: password, LOG_LEVEL: 'silent' });
  const nexus = await compose(config, {
    logger: false,
    serveUi: false,
    database: db.database,
    rateLimits: { perIpMax: 100_000_000, perKeyMax: 100_000_000, windowMs: 60_000 },
  });
  try {
    const app = nexus.app;
    const post = async (url: string, payload: unknown, token?: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        payload: payload as Record<string, unknown>,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
    const adminToken = (await post('/auth/login', { username: 'admin', password })).json().accessToken as string;
    await post('/exchange/symbols', symbol, adminToken);
    const tokens: string[] = [];
    for (let i = 0; i < traders; i++) {
      const userId = (
        await post('/admin/users', { username: `trader${i}`, password, role: 'trader' }, adminToken)
      ).json().id as string;
      const token = (await post('/auth/login', { username: `trader${i}`, password })).json().accessToken as string;
      // The administrator credits the traders (self-deposits are off by default).
      await post(
        '/ledger/deposits',
        { asset: 'USD', amount: '100000000', idempotencyKey: `u${i}`, userId },
        adminToken,
      );
      await post('/ledger/deposits', { asset: 'BTC', amount: '1000000', idempotencyKey: `b${i}`, userId }, adminToken);
      tokens.push(token);
    }
    // Diagnostic variant: the platform audits every mutating request with a serialised, hash-chained SQL append;
    // replacing it with a no-op shows how much of the order-entry cost is that append rather than the exchange.
    if (!auditEachRequest) nexus.audit.append = async () => {};
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const result = await loadInWorker({
      url: `${url}/api/v1/exchange/orders`,
      tokens,
      connections,
      durationS,
      prefix: 'c',
    });
    const ok = result.total - result.non2xx;
    const suffix = `${auditEachRequest ? '' : '_without_audit'}${backend === 'postgres' ? '_postgres' : ''}`;
    console.log(
      `http-orders${suffix}: ${round(result.average)} req/s over ${durationS}s, ${connections} connections, ` +
        `p50 ${result.p50} ms, p99 ${result.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    emit({ bench, figure: `http_orders_per_s${suffix}`, value: round(ok / durationS), unit: 'orders/s' });
    emit({ bench, figure: `http_p99_ms${suffix}`, value: result.p99, unit: 'ms' });
  } finally {
    await nexus.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the load in a worker thread (http-load-worker.ts), so autocannon does not share the server's event loop. */
function loadInWorker(load: HttpLoad): Promise<HttpLoadResult> {
  const worker = startModuleWorker(new URL('./http-load-worker.ts', import.meta.url).href, { workerData: load });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: HttpLoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load worker exited with code ${code} before reporting`)));
  });
}

/** `clients` concurrent submitters, each awaiting its ack (fsync) before the next order, for `seconds`. */
async function journaledCommands(clients: number, seconds: number): Promise<void> {
  const { service, close } = await fundedService();
  try {
    const { latencies, elapsed } = await submitCrossingOrders(service, clients, seconds);
    const stats = service.journalStats();
    console.log(
      `journal: ${latencies.length} orders acked in ${round(elapsed)} s by ${clients} clients, ` +
        `${round(stats.records / Math.max(1, stats.flushes))} records per fsync, ack p99 ${round(percentile(latencies, 99))} ms`,
    );
    emit({ bench, figure: 'journal_commands_per_s', value: round(latencies.length / elapsed), unit: 'commands/s' });
  } finally {
    await close();
  }
}

/** Runs the measurements; with DATABASE_URL set, order entry also runs on that PostgreSQL server. */
export async function run(): Promise<void> {
  await journaledCommands(64, Math.min(durationS, 5));
  await httpOrders(true);
  await httpOrders(false);
  if (process.env.DATABASE_URL) await httpOrders(true, 'postgres');
  else console.log('http-orders on PostgreSQL: skipped (set DATABASE_URL=postgres://... to run it)');
}

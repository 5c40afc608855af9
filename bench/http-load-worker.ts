// The HTTP order load, run by autocannon in a worker thread: the load tool gets the machine's second core, and the
// server's event loop serves requests only. Started by http-orders.bench.ts with the target in workerData.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { crossingOrder } from './crossing-order.js';

/** What the bench sends the worker. */
export interface HttpLoad {
  url: string;
  /** One bearer token per trader; order i goes out as trader i mod tokens.length. */
  tokens: string[];
  connections: number;
  durationS: number;
  /** Prefix of the client order ids, unique per run. */
  prefix: string;
}

/** What the worker sends back: autocannon's figures that the bench prints. */
export interface HttpLoadResult {
  average: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
}
type Autocannon = ((opts: Record<string, unknown>) => Promise<AutocannonResult>) & {
  aggregateResult(results: unknown[], opts: Record<string, unknown>): AutocannonResult;
};

const load = workerData as HttpLoad | undefined;
if (load && parentPort) {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  let n = 0;
  const options = {
    url: load.url,
    connections: load.connections,
    duration: load.durationS,
    method: 'POST',
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const { trader, body } = crossingOrder(n++, load.tokens.length, load.prefix);
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${load.tokens[trader]}` },
            body: JSON.stringify(body),
          };
        },
      },
    ],
  };
  // Off the main thread autocannon returns its raw histograms, for a parent to aggregate; this worker is that parent.
  // The aggregate has no per-second request samples, so the rate is the completed requests over the duration.
  const raw = await autocannon(options);
  const result = raw.latency ? raw : autocannon.aggregateResult([raw], options);
  const out: HttpLoadResult = {
    average: result.requests.total / load.durationS,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  parentPort.postMessage(out);
}

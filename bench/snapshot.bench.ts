import { ExchangeState } from '../src/modules/exchange/state.js';
import { fundedState, limit } from '../src/modules/exchange/state-fixtures.js';
import { fundedService, submitCrossingOrders } from './exchange-load.js';
import { emit, nowNs, percentile, round } from './report.js';

const traders = Array.from({ length: 8 }, (_, i) => `t${i}`);
const every = 20_000;
const orders = 100_000;

const submitters = 64;
const acksSeconds = Number(process.env.SNAPSHOT_ACK_SECONDS ?? '8');

/** Acknowledgement latency of orders through the service for `acksSeconds`, with snapshots taken `mode`. */
async function acks(mode: 'inline' | 'follower'): Promise<void> {
  const { service, close } = await fundedService({ snapshots: mode });
  try {
    const { latencies } = await submitCrossingOrders(service, submitters, acksSeconds);
    const [p50, p99, p999] = [50, 99, 99.9].map((p) => round(percentile(latencies, p)));
    const max = round(Math.max(...latencies));
    console.log(
      `acks, ${mode} snapshots: ${latencies.length} orders in ${acksSeconds} s, p50 ${p50} ms, p99 ${p99} ms, ` +
        `p99.9 ${p999} ms, max ${max} ms`,
    );
    emit({ bench: 'snapshot', figure: `ack_max_ms_${mode}`, value: max, unit: 'ms' });
    emit({ bench: 'snapshot', figure: `ack_p999_ms_${mode}`, value: p999 as number, unit: 'ms' });
    emit({
      bench: 'snapshot',
      figure: `orders_per_s_${mode}`,
      value: round(latencies.length / acksSeconds),
      unit: 'orders/s',
    });
  } finally {
    await close();
  }
}

export async function run(): Promise<void> {
  await serialisation();
  await acks('inline');
  await acks('follower');
}

async function serialisation(): Promise<void> {
  const state = fundedState(traders, '100000000', '1000000');
  let worst = { copyMs: 0, textMs: 0, bytesMs: 0, totalMs: 0, mb: 0 };
  for (let n = 0; n < orders; ) {
    for (const end = n + every; n < end; n++) {
      const r = state.apply(limit(traders[n % 8] as string, n % 2 ? 'sell' : 'buy', '100.00', '0.01', `c${n}`, n));
      if (!r.result.ok) throw new Error(`order ${n} refused: ${r.result.code}`);
    }
    const t0 = nowNs();
    const image = state.snapshot();
    const t1 = nowNs();
    const text = JSON.stringify(image);
    const t2 = nowNs();
    const bytes = Buffer.from(text);
    const t3 = nowNs();
    const m = { copyMs: (t1 - t0) / 1e6, textMs: (t2 - t1) / 1e6, bytesMs: (t3 - t2) / 1e6, totalMs: (t3 - t0) / 1e6 };
    console.log(
      `after ${n} orders: copy ${round(m.copyMs)} ms, JSON ${round(m.textMs)} ms, bytes ${round(m.bytesMs)} ms, ` +
        `${round(bytes.length / 1e6)} MB`,
    );
    if (m.totalMs > worst.totalMs) worst = { ...m, mb: bytes.length / 1e6 };
    // The snapshot restores to the same state (what recovery relies on).
    if (n === orders && ExchangeState.restore(image).stateHash() !== state.stateHash()) {
      throw new Error('snapshot does not restore the same state');
    }
  }
  emit({ bench: 'snapshot', figure: 'snapshot_stall_ms', value: round(worst.totalMs), unit: 'ms' });
  emit({ bench: 'snapshot', figure: 'snapshot_mb', value: round(worst.mb), unit: 'MB' });
}

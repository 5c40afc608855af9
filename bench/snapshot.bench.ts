// How long the exchange's state snapshot holds up the command that takes it: copy (`snapshot()`), JSON text and
// bytes, measured every 20,000 commands (the service's default interval) while 100,000 crossing limit orders from
// eight traders fill the retained-order table. No peer: this measures a known cost of our design (see the exchange
// README, "Known cost").
import { ExchangeState } from '../src/modules/exchange/state.js';
import { fundedState, limit } from '../src/modules/exchange/state-fixtures.js';
import { emit, nowNs, round } from './report.js';

const traders = Array.from({ length: 8 }, (_, i) => `t${i}`);
const every = 20_000;
const orders = 100_000;

export async function run(): Promise<void> {
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

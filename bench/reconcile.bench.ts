// Reconciliation at scale: about 100,000 bank lines against 100,000 expenses from the seeded synthetic ledger.
import { Prng } from '../src/kernel/index.js';
import { reconcile } from '../src/modules/examiner/core/reconcile/reconcile.js';
import { generateLedger } from '../src/modules/examiner/synthetic/generator.js';
import { matchMetrics } from '../src/modules/examiner/synthetic/metrics.js';
import { emit, nowNs, round } from './report.js';

/** Generates the ledger (not timed), reconciles it once (timed) and scores the result against the truth. */
export async function run(): Promise<void> {
  const seed = Number(process.env.SEED ?? 20250101);
  const ledger = generateLedger(new Prng(seed), { expenses: 100_000 });
  const cpu0 = process.cpuUsage();
  const t0 = nowNs();
  const result = reconcile(ledger.bankLines, ledger.expenses);
  const seconds = (nowNs() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (!result.ok) throw new Error(`reconcile failed: ${result.code}`);
  const m = matchMetrics(result.value.matches, ledger.truth);
  const r = result.value;
  console.log(
    `reconcile  seed=${seed}  bank=${ledger.bankLines.length}  expenses=${ledger.expenses.length}  ` +
      `wall=${round(seconds)} s  cpu=${round((cpu.user + cpu.system) / 1e6)} s  ` +
      `precision=${m.precision.toFixed(4)}  recall=${m.recall.toFixed(4)}  f1=${m.f1.toFixed(4)}  ` +
      `matches=${r.matches.length}  review=${r.review.length}  unmatched=${r.unmatched.length}  rate=${r.rate.toFixed(4)}  ` +
      `candidates=${r.stats.candidates}  largest_component=${r.stats.largestComponent}  greedy_components=${r.stats.greedyComponents}`,
  );
  emit({ bench: 'reconcile', figure: 'reconcile_seconds', value: round(seconds), unit: 's' });
  emit({ bench: 'reconcile', figure: 'reconcile_cpu_seconds', value: round((cpu.user + cpu.system) / 1e6), unit: 's' });
  emit({ bench: 'reconcile', figure: 'reconcile_f1', value: round(m.f1), unit: 'ratio' });
  emit({ bench: 'reconcile', figure: 'reconcile_precision', value: round(m.precision), unit: 'ratio' });
  emit({ bench: 'reconcile', figure: 'reconcile_recall', value: round(m.recall), unit: 'ratio' });
  emit({ bench: 'reconcile', figure: 'reconcile_rate', value: round(r.rate), unit: 'ratio' });
}

// Fraud scoring throughput: a seeded synthetic batch through rules, statistics and the isolation forest.

import { Prng, type Result } from '../src/kernel/index.js';
import { defaultFraudConfig } from '../src/modules/examiner/core/fraud/config.js';
import { analyseTransactions, type FraudAnalysis } from '../src/modules/examiner/core/fraud/score.js';
import { generateSyntheticTransactions } from '../src/modules/examiner/core/fraud/synthetic.js';
import type { FraudTransaction } from '../src/modules/examiner/core/fraud/types.js';
import { FraudParallelRunner } from '../src/modules/examiner/fraud-parallel.js';
import { emit, nowNs, percentile, round } from './report.js';

const batchSize = 200_000;
const runs = 5;

type Analyse = (txs: readonly FraudTransaction[], prng: Prng) => Result<FraudAnalysis> | Promise<Result<FraudAnalysis>>;

/** Median wall and CPU throughput of `runs` timed analyses after one warm-up. */
async function measure(txs: readonly FraudTransaction[], analyse: Analyse): Promise<{ wall: number[]; cpu: number[] }> {
  // One warm-up run lets the JIT settle before timing.
  await analyse(txs, new Prng(1));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = nowNs();
    const cpuStart = process.cpuUsage();
    const result = await analyse(txs, new Prng(r + 2));
    const used = process.cpuUsage(cpuStart);
    const seconds = (nowNs() - start) / 1e9;
    if (!result.ok) throw new Error(result.code);
    wall.push(batchSize / seconds);
    cpu.push(batchSize / ((used.user + used.system) / 1e6));
  }
  return { wall, cpu };
}

/**
 * Scores a 200,000-transaction batch `runs` times (whole pipeline, forest training included) and reports the
 * median throughput two ways: `fraud_tx_per_s` through FraudParallelRunner (the forest scored on the calling
 * thread plus one worker, what the fraud service can use), and `fraud_single_tx_per_s` through the synchronous
 * `analyseTransactions` on one thread. Both give the same scores.
 */
export async function run(): Promise<void> {
  const set = generateSyntheticTransactions(new Prng(20_251_121), { count: batchSize, vendors: 2_000, days: 730 });
  const single = await measure(set.transactions, (txs, prng) => analyseTransactions(txs, defaultFraudConfig, prng));
  const runner = await FraudParallelRunner.start();
  const parallel = await measure(set.transactions, (txs, prng) => runner.analyse(txs, defaultFraudConfig, prng));
  await runner.close();
  console.log(`fraud scoring: ${batchSize} tx/batch, ${runs} runs`);
  for (const [name, m] of [
    ['two threads', parallel],
    ['one thread ', single],
  ] as const) {
    console.log(`  ${name} wall: median ${round(percentile(m.wall, 50))} tx/s (min ${round(Math.min(...m.wall))})`);
  }
  console.log(
    `  one thread  cpu:  median ${round(percentile(single.cpu, 50))} tx per CPU-second (less sensitive to other load on a shared machine)`,
  );
  emit({ bench: 'fraud', figure: 'fraud_tx_per_s', value: round(percentile(parallel.wall, 50)), unit: 'tx/s' });
  emit({ bench: 'fraud', figure: 'fraud_single_tx_per_s', value: round(percentile(single.wall, 50)), unit: 'tx/s' });
  emit({ bench: 'fraud', figure: 'fraud_tx_per_cpu_s', value: round(percentile(single.cpu, 50)), unit: 'tx/cpu-s' });
}

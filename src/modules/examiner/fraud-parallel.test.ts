import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../kernel/index.js';
import { analyseTransactions, defaultFraudConfig, generateSyntheticTransactions } from './core/fraud/index.js';
import { FraudParallelRunner } from './fraud-parallel.js';

const seed = seedFromEnv();
let runner: FraudParallelRunner;

beforeAll(async () => {
  runner = await FraudParallelRunner.start();
});
afterAll(async () => {
  await runner.close();
});

describe('two-thread fraud analysis', () => {
  it('equals the single-threaded analysis on a seeded batch with a ragged tail', async () => {
    const txs = generateSyntheticTransactions(new Prng(seed), { count: 30_003, vendors: 300 }).transactions;
    const single = analyseTransactions(txs, defaultFraudConfig, new Prng(seed));
    const parallel = await runner.analyse(txs, defaultFraudConfig, new Prng(seed));
    expect(parallel, `SEED=${seed}`).toEqual(single);
  });

  it('passes validation errors through unchanged', async () => {
    const txs = generateSyntheticTransactions(new Prng(seed), { count: 10 }).transactions;
    const bad = [...txs, { ...(txs[0] as (typeof txs)[number]), date: '2025-02-30' }];
    expect(await runner.analyse(bad, defaultFraudConfig, new Prng(seed))).toEqual(
      analyseTransactions(bad, defaultFraudConfig, new Prng(seed)),
    );
  });
});

// Crash test of the exchange service: a child takes orders and is SIGKILLed at random moments; every acknowledged
// order survives exactly once, balances are conserved, and a restart reproduces the stateHash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../src/kernel/index.js';
import { type Child, startChild as startHarnessChild } from './child-harness.js';

const seed = seedFromEnv();
const childScript = join(dirname(fileURLToPath(import.meta.url)), 'exchange-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'nexus-exchange-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startChild(onAck: (id: string, result: string) => void): Child {
  return startHarnessChild(childScript, [dir, '97'], seed, (ack) => {
    const [id, result] = ack.split(' ');
    onAck(id as string, result as string);
  });
}

const accepted = new Set(['open', 'partially_filled', 'filled', 'cancelled']);
const one = 10n ** 18n;

describe('exchange crash recovery (SIGKILL)', () => {
  it('keeps every acknowledged order exactly once and conserves balances across random kills', async () => {
    const prng = new Prng(seed);
    const acks = new Map<string, string>();
    const prices = new Map<string, string>();
    let nextId = 0;
    const rounds = 3;
    const line = (id: string) => `new ${id} ${prices.get(id)}`;
    for (let round = 0; round < rounds; round++) {
      const child = startChild((id, result) => acks.set(id, result));
      let killer: NodeJS.Timeout | undefined;
      if (prng.chance(0.2)) killer = setTimeout(() => child.proc.kill('SIGKILL'), prng.int(50, 1500));
      else {
        const afterReadyMs = prng.int(50, 700);
        void child
          .waitFor((l) => l.startsWith('ready'), 30_000)
          .then(() => {
            killer = setTimeout(() => child.proc.kill('SIGKILL'), afterReadyMs);
          })
          .catch(() => undefined);
      }
      const pump = setInterval(() => {
        if (!child.lines.some((l) => l.startsWith('ready'))) return;
        // A client retries (same id, same body) what was sent but never acknowledged, then sends new orders.
        const retry = [...prices.keys()].filter((id) => !acks.has(id)).slice(0, 20);
        const fresh = Array.from({ length: prng.int(1, 15) }, () => `o${nextId++}`);
        for (const id of fresh) prices.set(id, (99 + prng.int(0, 200) / 100).toFixed(2));
        child.proc.stdin.write(`${[...retry, ...fresh].map(line).join('\n')}\n`);
      }, 10);
      await child.exited;
      clearTimeout(killer);
      clearInterval(pump);
    }
    // Final, clean run: retry everything unacknowledged, wait for those acks, then inspect the recovered state.
    const child = startChild((id, result) => acks.set(id, result));
    await child.waitFor((l) => l.startsWith('ready'), 30_000);
    // Fresh orders too, so the checks below always cover a healthy number of accepted orders whatever the kills did.
    for (let i = 0; i < 60; i++) prices.set(`o${nextId++}`, (99 + prng.int(0, 200) / 100).toFixed(2));
    const unacked = [...prices.keys()].filter((id) => !acks.has(id));
    if (unacked.length > 0) child.proc.stdin.write(`${unacked.map(line).join('\n')}\n`);
    for (const id of unacked) await child.waitFor((l) => l.startsWith(`ack ${id} `), 30_000);
    child.proc.stdin.write('dump\n');
    const dump = await child.waitFor((l) => l.startsWith('dump '), 15_000);
    const hashLine = await child.waitFor((l) => l.startsWith('hash '), 15_000);
    const state = JSON.parse(dump.slice(5)) as {
      counts: [string, number][];
      inside: Record<string, string>;
      negative: number;
    };
    const counts = new Map(state.counts);
    const acceptedIds = [...acks].filter(([, r]) => accepted.has(r)).map(([id]) => id);
    expect(acceptedIds.length, `SEED=${seed}: the run must accept orders to prove anything`).toBeGreaterThan(50);
    for (const id of acceptedIds) expect(counts.get(id), `SEED=${seed} acked order ${id}`).toBe(1);
    for (const [id, n] of counts) expect(n, `SEED=${seed} order ${id} applied ${n} times`).toBe(1);
    // Only the set-up deposits crossed the ledger's edge; trades and fees moved money inside it.
    expect(BigInt(state.inside.USD as string), `SEED=${seed}`).toBe(2_000_000n * one);
    expect(BigInt(state.inside.BTC as string), `SEED=${seed}`).toBe(20_000n * one);
    expect(state.negative).toBe(0);
    child.proc.stdin.write('exit\n');
    expect(await child.exited).toBe(0);
    const again = startChild(() => undefined);
    const ready = await again.waitFor((l) => l.startsWith('ready'), 30_000);
    expect(ready.split(' ')[1], `SEED=${seed}`).toBe(hashLine.slice(5));
    again.proc.kill('SIGKILL');
    await again.exited;
  }, 60_000);
});

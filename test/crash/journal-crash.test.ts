// Crash test of the journal: a child takes orders and is SIGKILLed at random moments; every acked order must survive.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../src/kernel/index.js';
import { type Child, startChild as startHarnessChild } from './child-harness.js';

const seed = seedFromEnv();
const childScript = join(dirname(fileURLToPath(import.meta.url)), 'journal-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'nexus-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startChild(onAck: (id: string) => void): Child {
  // Snapshots every 97 orders and 2 KiB segments: kills land during rotations and segment deletions too.
  return startHarnessChild(childScript, [dir, '97', '2048'], seed, onAck);
}

describe('journal crash recovery (SIGKILL)', () => {
  it('keeps every acknowledged order and applies none twice across random kills', async () => {
    const prng = new Prng(seed);
    const acked = new Set<string>();
    const sent = new Set<string>();
    let nextId = 0;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const child = startChild((id) => acked.add(id));
      // Kill at a random moment: sometimes during start-up and recovery, mostly mid-traffic after ready.
      let killer: NodeJS.Timeout | undefined;
      if (prng.chance(0.2)) killer = setTimeout(() => child.proc.kill('SIGKILL'), prng.int(50, 600));
      else {
        const afterReadyMs = prng.int(30, 500);
        void child
          .waitFor((l) => l.startsWith('ready'), 30_000)
          .then(() => {
            killer = setTimeout(() => child.proc.kill('SIGKILL'), afterReadyMs);
          })
          .catch(() => undefined);
      }
      const pump = setInterval(() => {
        if (!child.lines.some((l) => l.startsWith('ready'))) return;
        // A client retries what was sent but never acknowledged, then sends new orders in a burst.
        const retry = [...sent].filter((id) => !acked.has(id)).slice(0, 20);
        const fresh = Array.from({ length: prng.int(1, 40) }, () => `o${nextId++}`);
        for (const id of fresh) sent.add(id);
        const text = [...retry, ...fresh].map((id) => `new ${id} ${(id.length * 7) % 100}`).join('\n');
        child.proc.stdin.write(`${text}\n`);
      }, 5);
      await child.exited;
      clearTimeout(killer);
      clearInterval(pump);
    }
    // Final, clean run: retry everything unacknowledged, then inspect the recovered state.
    const child = startChild((id) => acked.add(id));
    await child.waitFor((l) => l.startsWith('ready'), 15_000);
    const unacked = [...sent].filter((id) => !acked.has(id));
    if (unacked.length > 0) child.proc.stdin.write(`${unacked.map((id) => `new ${id} 1`).join('\n')}\n`);
    child.proc.stdin.write('dump\n');
    const dump = await child.waitFor((l) => l.startsWith('dump '), 15_000);
    const hashLine = await child.waitFor((l) => l.startsWith('hash '), 15_000);
    const counts = new Map<string, number>(JSON.parse(dump.slice(5)) as [string, number][]);
    expect(acked.size, `SEED=${seed}: the run must acknowledge orders to prove anything`).toBeGreaterThan(100);
    for (const id of acked) expect(counts.get(id), `SEED=${seed} acked order ${id} lost`).toBe(1);
    for (const [id, n] of counts) expect(n, `SEED=${seed} order ${id} applied ${n} times`).toBe(1);
    expect(counts.size).toBe(sent.size);
    child.proc.stdin.write('exit\n');
    expect(await child.exited).toBe(0);
    // Deterministic recovery: a restart reproduces the same stateHash.
    const again = startChild(() => undefined);
    const ready = await again.waitFor((l) => l.startsWith('ready'), 15_000);
    expect(ready.split(' ')[2], `SEED=${seed}`).toBe(hashLine.slice(5));
    again.proc.kill('SIGKILL');
    await again.exited;
    // The journal did rotate and delete covered segments during the run (the first segment is gone).
    const wals = readdirSync(dir).filter((f) => f.endsWith('.wal'));
    expect(wals.length, `SEED=${seed}`).toBeGreaterThan(0);
    expect(wals, `SEED=${seed}`).not.toContain('journal.wal');
  });
});

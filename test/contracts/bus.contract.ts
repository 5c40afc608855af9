// The contract every Bus adapter passes (memory and Redis).
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/platform/bus/bus.js';

/** Factory returning two handles on the same logical bus (one per simulated process). */
export type BusPairFactory = () => Promise<[Bus, Bus]>;

const waitFor = async (check: () => boolean, ms = 2000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for bus delivery');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Runs the bus contract against one adapter. */
export function busContract(name: string, makePair: BusPairFactory): void {
  describe(`Bus contract: ${name}`, () => {
    let open: Bus[] = [];
    afterEach(async () => {
      await Promise.all(open.map((b) => b.close()));
      open = [];
    });
    const pair = async () => {
      const p = await makePair();
      open.push(...p);
      return p;
    };

    it('delivers JSON messages in publish order to every subscriber, across handles', async () => {
      const [a, b] = await pair();
      const topic = `t-${Math.random().toString(36).slice(2)}`;
      const gotA: unknown[] = [];
      const gotB: unknown[] = [];
      await a.subscribe(topic, (m) => gotA.push(m));
      await b.subscribe(topic, (m) => gotB.push(m));
      for (let i = 0; i < 20; i++) await a.publish(topic, { i, nested: { s: 'x' } });
      await waitFor(() => gotA.length === 20 && gotB.length === 20);
      expect(gotA.map((m) => (m as { i: number }).i)).toEqual([...Array(20).keys()]);
      expect(gotB).toEqual(gotA);
    });

    it('stops delivering after unsubscribe and keeps other topics apart', async () => {
      const [a, b] = await pair();
      const t1 = `t1-${Math.random().toString(36).slice(2)}`;
      const t2 = `t2-${Math.random().toString(36).slice(2)}`;
      const got: unknown[] = [];
      const other: unknown[] = [];
      const off = await b.subscribe(t1, (m) => got.push(m));
      await b.subscribe(t2, (m) => other.push(m));
      await a.publish(t1, 1);
      await waitFor(() => got.length === 1);
      await off();
      await a.publish(t1, 2);
      await a.publish(t2, 3);
      await waitFor(() => other.length === 1);
      expect(got).toEqual([1]);
      expect(other).toEqual([3]);
    });

    it('keeps delivering when one subscriber throws', async () => {
      const [a] = await pair();
      const topic = `t-${Math.random().toString(36).slice(2)}`;
      const got: unknown[] = [];
      await a.subscribe(topic, () => {
        throw new Error('boom');
      });
      await a.subscribe(topic, (m) => got.push(m));
      const warn = process.emitWarning;
      process.emitWarning = () => {};
      try {
        await a.publish(topic, 'x');
        await waitFor(() => got.length === 1);
      } finally {
        process.emitWarning = warn;
      }
      expect(got).toEqual(['x']);
    });
  });
}

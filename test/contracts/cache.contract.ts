// The contract every Cache adapter passes (memory and Redis).
import { afterEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/platform/cache/cache.js';

/** Runs the cache contract; `sleep` lets the memory adapter use a manual clock. */
export function cacheContract(
  name: string,
  make: () => Promise<{ cache: Cache; sleep(ms: number): Promise<void> }>,
): void {
  describe(`Cache contract: ${name}`, () => {
    let open: Cache[] = [];
    afterEach(async () => {
      await Promise.all(open.map((c) => c.close()));
      open = [];
    });
    const fresh = async () => {
      const made = await make();
      open.push(made.cache);
      return made;
    };
    const key = () => `k-${Math.random().toString(36).slice(2)}`;

    it('stores, reads and deletes JSON values', async () => {
      const { cache } = await fresh();
      const k = key();
      expect(await cache.get(k)).toBeUndefined();
      await cache.set(k, { a: 1, b: ['x'] }, 10_000);
      expect(await cache.get(k)).toEqual({ a: 1, b: ['x'] });
      await cache.delete(k);
      expect(await cache.get(k)).toBeUndefined();
    });

    it('expires values after their time to live', async () => {
      const { cache, sleep } = await fresh();
      const k = key();
      await cache.set(k, 'v', 50);
      expect(await cache.get(k)).toBe('v');
      await sleep(120);
      expect(await cache.get(k)).toBeUndefined();
    });

    it('counts within a window and restarts after it', async () => {
      const { cache, sleep } = await fresh();
      const k = key();
      expect(await cache.increment(k, 80)).toBe(1);
      expect(await cache.increment(k, 80)).toBe(2);
      expect(await cache.increment(k, 80)).toBe(3);
      await sleep(150);
      expect(await cache.increment(k, 80)).toBe(1);
    });
  });
}

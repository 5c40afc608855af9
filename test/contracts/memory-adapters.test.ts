// Runs the bus and cache contracts on the in-process adapters (part of `npm test`).
import { ManualClock } from '../../src/kernel/index.js';
import { MemoryBus } from '../../src/platform/bus/memory-bus.js';
import { MemoryCache } from '../../src/platform/cache/memory-cache.js';
import { busContract } from './bus.contract.js';
import { cacheContract } from './cache.contract.js';

busContract('memory', async () => {
  const bus = new MemoryBus();
  return [bus, bus];
});

cacheContract('memory', async () => {
  const clock = new ManualClock(1_000);
  return {
    cache: new MemoryCache(clock),
    sleep: async (ms: number) => clock.advance(ms),
  };
});

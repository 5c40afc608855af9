// Test helper: runs a fast-check property from the SEED environment seed and names the seed on failure.
import fc from 'fast-check';
import { seedFromEnv } from '../../kernel/index.js';

/** Asserts `property` with a replayable seed; a failure message starts with SEED=<n>. */
export function assertSeeded<T>(property: fc.IProperty<T>, numRuns = 25): void {
  const seed = seedFromEnv();
  try {
    fc.assert(property, { seed, numRuns });
  } catch (error) {
    throw new Error(
      `SEED=${seed} (replay with SEED=${seed} npx vitest run src/modules/forecasting): ${(error as Error).message}`,
    );
  }
}

// Shared fixtures for economy tests: a valid baseline request and a replayable fast-check runner.

import fc from 'fast-check';
import { seedFromEnv } from '../../../kernel/index.js';
import type { SimulationParams } from './params.js';
import { validateSimulationParams } from './validate.js';

/** A valid request with constant inputs and no PID; tests override what they need. */
export function baseInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alpha: 1,
    beta: 0.5,
    gamma: 0.25,
    delta: 0.5,
    n0: 10,
    dt: 0.01,
    steps: 100,
    integrator: 'euler',
    signals: {
      C: { type: 'constant', value: 2 },
      D: { type: 'constant', value: 1 },
      E: { type: 'constant', value: 4 },
    },
    ...overrides,
  };
}

/** Validates and returns parameters, failing the test with the issues when they are invalid. */
export function mustValidate(input: unknown): SimulationParams {
  const result = validateSimulationParams(input);
  if (!result.ok) throw new Error(`expected valid params: ${result.detail}`);
  return result.value;
}

/** Runs a fast-check property with the seed from SEED (or a fresh one) and names that seed when it fails. */
export function assertProperty<T>(property: fc.IProperty<T>, numRuns = 100): void {
  const seed = seedFromEnv();
  try {
    fc.assert(property, { seed, numRuns });
  } catch (error) {
    throw new Error(`property failed, replay with SEED=${seed}\n${(error as Error).message}`);
  }
}

// Monte Carlo over seeded realisations of the random signals: N for every path, then per-step percentile bands.

import { assert, type Err, type Ok, ok } from '../../../kernel/index.js';
import { economyLimits } from './limits.js';
import type { SimulationParams } from './params.js';
import { quantilesInPlace } from './quantile.js';
import { allocateSeries, simulateInto } from './simulate.js';
import { type ParamsInvalid, type ValidationIssue, validateSimulationParams } from './validate.js';

/** A validated Monte Carlo request: realisations 0 .. paths − 1 of `params`. */
export interface MonteCarloRequest {
  params: SimulationParams;
  paths: number;
}

/** Per-step bands over all paths (each array has steps + 1 entries). */
export interface MonteCarloResult {
  paths: number;
  t: Float64Array;
  p05: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
  mean: Float64Array;
  /** Largest conservation violation over every path. */
  conservationViolationMax: number;
}

/** Validates `{ params, paths }`; issues inside params keep their paths prefixed with `params.`. */
export function validateMonteCarloRequest(input: unknown): Ok<MonteCarloRequest> | ParamsInvalid {
  const issues: ValidationIssue[] = [];
  const body = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const checked = validateSimulationParams(body.params);
  if (!checked.ok)
    for (const i of checked.issues) issues.push({ ...i, field: i.field === '' ? 'params' : `params.${i.field}` });
  const paths = body.paths;
  if (typeof paths !== 'number' || !Number.isInteger(paths) || paths < 1) {
    issues.push({ field: 'paths', code: 'paths_must_be_positive_integer', detail: 'paths must be an integer >= 1' });
  } else if (paths > economyLimits.monteCarloPathsMax) {
    issues.push({
      field: 'paths',
      code: 'paths_above_max',
      detail: `paths must be at most ${economyLimits.monteCarloPathsMax}`,
    });
  } else if (checked.ok && paths * (checked.value.steps + 1) > economyLimits.monteCarloCellsMax) {
    issues.push({
      field: 'paths',
      code: 'monte_carlo_cells_above_max',
      detail: `paths × (steps + 1) must be at most ${economyLimits.monteCarloCellsMax}`,
    });
  }
  if (issues.length > 0 || !checked.ok) {
    const first = issues[0] as ValidationIssue;
    const failure: Err<'simulation_params_invalid'> & { issues: ValidationIssue[] } = {
      ok: false,
      code: 'simulation_params_invalid',
      field: first.field,
      detail: issues.map((i) => `${i.field}: ${i.code}`).join('; '),
      issues,
    };
    return failure;
  }
  return ok({ params: checked.value, paths: paths as number });
}

/**
 * Simulates paths firstPath .. firstPath + count − 1 and writes each path's N (steps + 1 values) into `target`,
 * path-major, path p starting at (p − firstPath)·(steps + 1). Returns the largest conservation violation.
 */
export function simulatePathsInto(
  params: SimulationParams,
  firstPath: number,
  count: number,
  target: Float64Array,
): number {
  const points = params.steps + 1;
  assert(target.length >= count * points, 'target too small for the requested paths');
  const series = allocateSeries(points);
  let worst = 0;
  for (let i = 0; i < count; i++) {
    worst = Math.max(worst, simulateInto(params, series, firstPath + i, true));
    target.set(series.N, i * points);
  }
  return worst;
}

/** Per-step band arrays (steps + 1 entries each), possibly views over shared memory filled by several threads. */
export interface BandArrays {
  p05: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
  mean: Float64Array;
}

/** Probabilities of the reported bands, ascending. */
export const bandProbabilities = [0.05, 0.5, 0.95] as const;

/** Steps gathered together when reading a path-major matrix, so each path's row is read in short runs. */
const bandBlockSteps = 32;

/**
 * Fills the bands for steps [fromStep, toStep) from a path-major matrix of `paths` rows of `points` values:
 * exact 5/50/95 percentiles (Hyndman–Fan type 7) and the mean over paths. Disjoint step ranges can be filled by
 * different threads; each step's figures depend only on its own column, so any split gives identical results.
 */
export function fillBands(
  matrix: Float64Array,
  paths: number,
  points: number,
  fromStep: number,
  toStep: number,
  out: BandArrays,
): void {
  assert(matrix.length >= paths * points && toStep <= points, 'matrix too small');
  const block = new Float64Array(bandBlockSteps * paths);
  const quantiles = new Float64Array(3);
  for (let k0 = fromStep; k0 < toStep; k0 += bandBlockSteps) {
    const width = Math.min(bandBlockSteps, toStep - k0);
    // Transpose a block of columns: column j of the block lands in block[j·paths .. (j+1)·paths).
    for (let p = 0; p < paths; p++) {
      const row = p * points + k0;
      for (let j = 0; j < width; j++) block[j * paths + p] = matrix[row + j] as number;
    }
    for (let j = 0; j < width; j++) {
      const column = block.subarray(j * paths, (j + 1) * paths);
      let sum = 0;
      for (let p = 0; p < paths; p++) sum += column[p] as number;
      const k = k0 + j;
      out.mean[k] = sum / paths;
      quantilesInPlace(column, bandProbabilities, quantiles);
      out.p05[k] = quantiles[0] as number;
      out.p50[k] = quantiles[1] as number;
      out.p95[k] = quantiles[2] as number;
    }
  }
}

/** Bands over every step of a path-major matrix, on the calling thread. */
export function percentileBands(
  matrix: Float64Array,
  paths: number,
  params: SimulationParams,
): Omit<MonteCarloResult, 'conservationViolationMax'> {
  const points = params.steps + 1;
  const bands: BandArrays = {
    p05: new Float64Array(points),
    p50: new Float64Array(points),
    p95: new Float64Array(points),
    mean: new Float64Array(points),
  };
  fillBands(matrix, paths, points, 0, points, bands);
  return { paths, t: timeAxis(params), ...bands };
}

/** t_k = k·dt for k = 0 .. steps. */
export function timeAxis(params: SimulationParams): Float64Array {
  const t = new Float64Array(params.steps + 1);
  for (let k = 0; k <= params.steps; k++) t[k] = k * params.dt;
  return t;
}

/** Runs a whole Monte Carlo request on the calling thread. */
export function runMonteCarlo(request: MonteCarloRequest): MonteCarloResult {
  const { params, paths } = request;
  const matrix = new Float64Array(paths * (params.steps + 1));
  const violation = simulatePathsInto(params, 0, paths, matrix);
  return { ...percentileBands(matrix, paths, params), conservationViolationMax: violation };
}

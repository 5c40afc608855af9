// The component-form recursion against an independent error-correction-form reference, and the interval formula
// against simulation from the model it assumes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, seedFromEnv } from '../../../../kernel/index.js';
import { assertSeeded } from '../../test-support.js';
import {
  runSmoothing,
  type SmoothingParams,
  type SmoothingSpec,
  type SmoothingState,
  smoothingForecast,
} from './exponential-smoothing.js';

// Error-correction forms of FPP2 §7.2-7.4 (e = y − ŷ), written independently of the component form:
//   additive:       ℓ' = ℓ + φb + αe,      b' = φb + αβ*e,      s' = s + γe
//   multiplicative: ℓ' = ℓ + φb + αe/s,    b' = φb + αβ*e/s,    s' = s + γe/(ℓ + φb)
function referenceFitted(y: Float64Array, spec: SmoothingSpec, p: SmoothingParams, init: SmoothingState): number[] {
  const phi = spec.trend === 'damped' ? p.phi : 1;
  const trendOn = spec.trend !== 'none' ? 1 : 0;
  let level = init.level;
  let trend = trendOn * init.trend;
  const season = Array.from(init.season);
  const out: number[] = [];
  y.forEach((value, t) => {
    const j = t % spec.period;
    const base = level + phi * trend;
    const s = spec.season === 'none' ? 0 : (season[j] as number);
    const multiplicative = spec.season === 'multiplicative';
    const fitted = multiplicative ? base * s : base + s;
    const e = value - fitted;
    const scaled = multiplicative ? e / s : e;
    level = base + p.alpha * scaled;
    trend = trendOn * (phi * trend + p.alpha * p.beta * scaled);
    if (spec.season !== 'none') season[j] = s + p.gamma * (multiplicative ? e / base : e);
    out.push(fitted);
  });
  return out;
}

const specArbitrary = fc.record({
  trend: fc.constantFrom('none', 'linear', 'damped') as fc.Arbitrary<SmoothingSpec['trend']>,
  season: fc.constantFrom('none', 'additive', 'multiplicative') as fc.Arbitrary<SmoothingSpec['season']>,
  period: fc.integer({ min: 2, max: 6 }),
});

describe('runSmoothing', () => {
  it('matches the error-correction reference for every trend and season form', () => {
    assertSeeded(
      fc.property(
        specArbitrary,
        fc.record({
          alpha: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
          beta: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
          gamma: fc.double({ min: 0, max: 0.5, noNaN: true }),
          phi: fc.double({ min: 0.8, max: 0.98, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (spec, raw, seed) => {
          const params = { ...raw, gamma: Math.min(raw.gamma, 1 - raw.alpha) };
          const rng = new Prng(seed);
          const y = Float64Array.from({ length: 40 }, (_, t) => 100 + t + 10 * Math.sin(t) + rng.normal());
          const neutral = spec.season === 'multiplicative' ? 1 : 0;
          const init = {
            level: 100,
            trend: 1,
            season: Float64Array.from({ length: spec.period }, (_, j) => neutral + 0.01 * j),
          };
          const run = runSmoothing(y, spec, params, init);
          if (run === null) return false;
          const reference = referenceFitted(y, spec, params, init);
          return reference.every((v, t) => Math.abs(v - (run.fitted[t] as number)) <= 1e-9 * Math.max(1, Math.abs(v)));
        },
      ),
      200,
    );
  });
});

describe('forecast standard deviation', () => {
  const seed = seedFromEnv();
  it(`matches the spread of h-step errors simulated from the local linear trend model (SEED=${seed})`, () => {
    // Simulate ETS(A,A,N): y_t = ℓ + b + ε, ℓ' = ℓ + b + αε, b' = b + αβ*ε, ε ~ N(0, σ²), then forecast from
    // the true state at the origin: the empirical h-step error variance must match σ²(1 + Σ c_j²).
    const rng = new Prng(seed);
    const spec: SmoothingSpec = { trend: 'linear', season: 'none', period: 1 };
    const params = { alpha: 0.4, beta: 0.1, gamma: 0, phi: 1 };
    const sigma = 2;
    const horizons = [1, 5, 20];
    const squared = horizons.map(() => 0);
    const replications = 4000;
    for (let r = 0; r < replications; r++) {
      let level = 50;
      let trend = 0.3;
      const origin = { level, trend, season: new Float64Array(0) };
      const run = { sse: 0, fitted: new Float64Array(0), final: origin };
      const forecastMeans = smoothingForecast(run, 0, spec, params, sigma, 20).mean;
      for (let h = 1; h <= 20; h++) {
        const e = rng.normal(0, sigma);
        const y = level + trend + e;
        level = level + trend + params.alpha * e;
        trend = trend + params.alpha * params.beta * e;
        const k = horizons.indexOf(h);
        if (k >= 0) squared[k] = (squared[k] as number) + (y - (forecastMeans[h - 1] as number)) ** 2;
      }
    }
    const sd = smoothingForecast(
      { sse: 0, fitted: new Float64Array(0), final: { level: 50, trend: 0.3, season: new Float64Array(0) } },
      0,
      spec,
      params,
      sigma,
      20,
    ).sd;
    horizons.forEach((h, k) => {
      const empirical = Math.sqrt((squared[k] as number) / replications);
      // 4,000 replications: the sample sd is within ~3.4% of the truth at 3 standard errors.
      expect(empirical / (sd[h - 1] as number), `SEED=${seed} h=${h}`).toBeGreaterThan(0.95);
      expect(empirical / (sd[h - 1] as number), `SEED=${seed} h=${h}`).toBeLessThan(1.05);
    });
  });
});

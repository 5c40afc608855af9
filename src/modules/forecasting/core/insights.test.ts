// Insights: horizons, the figures each insight cites, and the honesty rules for long horizons.
import { describe, expect, it } from 'vitest';
import type { AccuracyMetrics } from './accuracy.js';
import { combine } from './ensemble.js';
import { generateInsights, insightHorizons } from './insights.js';
import { recognisePatterns } from './patterns.js';

describe('insight horizons', () => {
  it('are one year, ten years and the requested horizon, clipped and distinct', () => {
    expect(insightHorizons(30)).toEqual([{ name: 'short', steps: 30 }]);
    expect(insightHorizons(100)).toEqual([
      { name: 'short', steps: 52 },
      { name: 'medium', steps: 100 },
    ]);
    expect(insightHorizons(5218)).toEqual([
      { name: 'short', steps: 52 },
      { name: 'medium', steps: 522 },
      { name: 'long', steps: 5218 },
    ]);
  });
});

function scenario(growthPerStep: number, sd: number, backtest: AccuracyMetrics) {
  const history = Float64Array.from({ length: 104 }, (_, t) => 100 + 0.01 * t);
  const horizon = 5218;
  const last = history[103] as number;
  const mean = Float64Array.from({ length: horizon }, (_, h) => last + growthPerStep * (h + 1));
  const sdArray = Float64Array.from({ length: horizon }, (_, h) => sd * Math.sqrt(h + 1));
  const ensemble = combine([{ mean, sd: sdArray }], horizon);
  return generateInsights({ history, ensemble, horizonSteps: horizon, patterns: recognisePatterns(history), backtest });
}

const good: AccuracyMetrics = { points: 200, mae: 1, smapePercent: 1, mase: 0.5, coverage95: 0.94 };
const bad: AccuracyMetrics = { points: 200, mae: 9, smapePercent: 9, mase: 1.7, coverage95: 0.6 };

describe('generateInsights', () => {
  it('every insight cites finite figures, and quoted percentages come from those figures', () => {
    for (const insight of [...scenario(0.5, 0.1, good), ...scenario(-0.5, 3, bad)]) {
      for (const [name, value] of Object.entries(insight.figures))
        expect(Number.isFinite(value), `${insight.code}.${name}`).toBe(true);
      if (insight.figures.changePercent !== undefined) {
        expect(insight.message).toContain(Math.abs(insight.figures.changePercent).toFixed(1));
      }
      expect(insight.message).not.toMatch(/NaN|Infinity/);
    }
  });

  it('flags growth where the interval lies above today, and decline with the risks of a poor backtest', () => {
    const up = scenario(0.5, 0.1, good);
    expect(up.find((i) => i.horizon === 'short' && i.kind === 'growth_opportunity')?.code).toBe('growth_likely');
    expect(up.find((i) => i.horizon === 'short' && i.kind === 'recommendation')?.code).toBe('plan_with_forecast');
    const down = scenario(-0.5, 3, bad);
    const codes = down.filter((i) => i.horizon === 'short').map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['worse_than_naive', 'intervals_overconfident', 'plan_with_caution']));
    expect(down.some((i) => i.kind === 'risk_factor' && i.code.startsWith('decline'))).toBe(true);
  });

  it('always calls a long-horizon figure a scenario, never a prediction', () => {
    for (const insights of [scenario(0.5, 0.1, good), scenario(0, 0.01, good)]) {
      const long = insights.filter((i) => i.horizon === 'long' && i.kind === 'recommendation');
      expect(long.map((i) => i.code)).toEqual(['treat_as_scenario_not_prediction']);
    }
  });

  it('reports a stable, flat, low-volatility history as a stability indicator', () => {
    const stable = scenario(0, 0.01, good);
    expect(stable.some((i) => i.kind === 'stability_indicator' && i.code === 'stable_series')).toBe(true);
  });
});

// Tests of TWAP/VWAP parents driven by a ManualClock: slicing, roll-over, pause/resume/cancel, expiry and reports.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, Prng, seedFromEnv } from '../../../kernel/index.js';
import { type AlgoOrder, createTwap, createVwap } from './algo.js';
import { allocateProportionally, twapPlan, volumeProfileFromTrades, vwapPlan } from './algo-plan.js';

const seed = seedFromEnv();
const minute = 60_000;
const hour = 60 * minute;

/** Ticks the parent every `stepMs` until `untilMs`, filling every child in full at `price`. */
function runFilling(algo: AlgoOrder, clock: ManualClock, untilMs: number, stepMs: number, price: bigint): bigint[] {
  const sizes: bigint[] = [];
  while (clock.nowMs() <= untilMs) {
    for (const c of algo.tick(clock.nowMs()).place) {
      sizes.push(c.qtyLots);
      algo.onFill(c.childId, c.qtyLots, price);
    }
    clock.advance(stepMs);
  }
  return sizes;
}

describe('TWAP', () => {
  it('slices evenly over the duration and completes at the fill price', () => {
    const clock = new ManualClock(10 * hour);
    const algo = createTwap({
      parentId: 'p',
      side: 'buy',
      totalLots: 103n,
      startMs: clock.nowMs(),
      durationMs: 10 * minute,
      slices: 10,
      arrivalPriceTicks: 100n,
    });
    const sizes = runFilling(algo, clock, 10 * hour + 10 * minute, minute, 101n);
    expect(sizes).toEqual([11n, 11n, 11n, 10n, 10n, 10n, 10n, 10n, 10n, 10n]);
    const r = algo.report();
    expect(r).toMatchObject({ status: 'completed', filledLots: 103n, remainingLots: 0n, averagePriceTicks: 101 });
    expect(r.slippageVsArrivalBps).toBeCloseTo(100, 9);
  });

  it('rolls an unfilled remainder into the next slice after cancelling the stale child', () => {
    const clock = new ManualClock(0);
    const algo = createTwap({
      parentId: 'p',
      side: 'sell',
      totalLots: 40n,
      startMs: 0,
      durationMs: 4 * minute,
      slices: 4,
      limitPriceTicks: 95n,
    });
    const first = algo.tick(0).place[0];
    expect(first).toMatchObject({ childId: 'p-1', qtyLots: 10n, type: 'limit', limitPriceTicks: 95n, side: 'sell' });
    algo.onFill('p-1', 4n, 96n);
    expect(algo.tick(30_000)).toEqual({ place: [], cancelChildIds: [] });
    clock.set(minute);
    expect(algo.tick(clock.nowMs())).toEqual({ place: [], cancelChildIds: ['p-1'] });
    expect(algo.tick(clock.nowMs())).toEqual({ place: [], cancelChildIds: [] }); // asked once only
    algo.onChildClosed('p-1');
    expect(algo.tick(clock.nowMs()).place[0]?.qtyLots).toBe(16n);
  });

  it('sends one child per slice: a child closed unfilled waits for the next slice, not the next tick', () => {
    const algo = createTwap({
      parentId: 'p',
      side: 'buy',
      totalLots: 30n,
      startMs: 0,
      durationMs: 3 * minute,
      slices: 3,
    });
    expect(algo.tick(0).place.map((c) => c.qtyLots)).toEqual([10n]);
    // Refused or cancelled by self-trade prevention: nothing more for the rest of the slice, tick after tick.
    algo.onChildClosed('p-1');
    for (let t = 1_000; t < minute; t += 1_000) expect(algo.tick(t).place, `tick at ${t}`).toEqual([]);
    // The next slice carries the first one's quantity.
    expect(algo.tick(minute).place).toMatchObject([{ childId: 'p-2', qtyLots: 20n }]);
    algo.onChildClosed('p-2');
    expect(algo.tick(minute + 1_000).place).toEqual([]);
    // A pause cancels the working child; a resume sends the slice's quantity again at once.
    expect(algo.tick(2 * minute).place).toMatchObject([{ childId: 'p-3', qtyLots: 30n }]);
    expect(algo.pause(2 * minute + 1_000).cancelChildIds).toEqual(['p-3']);
    algo.onChildClosed('p-3');
    expect(algo.resume(2 * minute + 2_000).place).toMatchObject([{ childId: 'p-4', qtyLots: 30n }]);
    algo.onChildClosed('p-4');
    expect(algo.tick(2 * minute + 3_000).place).toEqual([]);
    // The schedule ends (shifted by the 1 s pause) with the quantity unfilled.
    expect(algo.tick(3 * minute + 1_000)).toEqual({ place: [], cancelChildIds: [] });
    expect(algo.report()).toMatchObject({ status: 'expired', filledLots: 0n, remainingLots: 30n });
  });

  it('pauses (cancelling children), resumes with the schedule shifted, and cancels', () => {
    const algo = createTwap({
      parentId: 'p',
      side: 'buy',
      totalLots: 30n,
      startMs: 0,
      durationMs: 3 * minute,
      slices: 3,
    });
    expect(algo.tick(0).place[0]).toMatchObject({ qtyLots: 10n, type: 'market' });
    algo.onFill('p-1', 10n, 50n);
    expect(algo.pause(30_000)).toEqual({ place: [], cancelChildIds: [] });
    expect(algo.tick(2 * minute).place).toEqual([]);
    expect(algo.resume(4 * minute).place).toEqual([]); // paused 210 s: the slice due at 60 s is now due at 270 s
    expect(algo.tick(260_000).place).toEqual([]);
    const child = algo.tick(270_000).place[0];
    expect(child?.qtyLots).toBe(10n);
    expect(algo.cancel()).toEqual({ place: [], cancelChildIds: [child?.childId] });
    expect(algo.state).toBe('cancelled');
    expect(algo.tick(10 * minute).place).toEqual([]);
  });

  it('expires at the end of its window with the unfilled rest reported', () => {
    const algo = createTwap({
      parentId: 'p',
      side: 'buy',
      totalLots: 20n,
      startMs: 0,
      durationMs: 2 * minute,
      slices: 2,
      limitPriceTicks: 10n,
    });
    algo.tick(0);
    algo.onFill('p-1', 3n, 10n);
    const end = algo.tick(2 * minute);
    expect(end.cancelChildIds).toEqual(['p-1']);
    expect(algo.report()).toMatchObject({ status: 'expired', filledLots: 3n, remainingLots: 17n });
  });

  it('randomised plans replay from their seed, keep the total and stay ordered inside the window', () => {
    fc.assert(
      fc.property(
        fc.bigInt(1n, 10_000n),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 50 }),
        fc.nat(),
        (total, slices, pct, s) => {
          const make = () =>
            twapPlan({
              totalLots: total,
              startMs: 1_000,
              durationMs: hour,
              slices,
              jitter: { prng: new Prng(s), sizePct: pct, timePct: pct },
            });
          const plan = make();
          expect(make()).toEqual(plan);
          expect(
            plan.reduce((a, e) => a + e.qtyLots, 0n),
            `SEED=${seed}`,
          ).toBe(total);
          for (const [i, e] of plan.entries()) {
            expect(e.atMs >= 1_000 && e.atMs < 1_000 + hour).toBe(true);
            if (i > 0) expect(e.atMs >= (plan[i - 1]?.atMs ?? 0)).toBe(true);
          }
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});

describe('VWAP', () => {
  it('builds a time-of-day profile from trade history and follows it', () => {
    const day = 86_400_000;
    // Two days of history: 09:00-10:00 trades 3x the volume of 10:00-11:00.
    const trades = [0, 1].flatMap((d) => [
      { tsMs: d * day + 9 * hour + 5 * minute, qtyLots: 300n },
      { tsMs: d * day + 10 * hour + 7 * minute, qtyLots: 100n },
    ]);
    const profile = volumeProfileFromTrades(trades, hour);
    expect(profile.volumes[9]).toBe(600n);
    expect(profile.volumes[10]).toBe(200n);
    const start = 5 * day + 9 * hour;
    expect(vwapPlan({ totalLots: 100n, startMs: start, durationMs: 2 * hour, profile })).toEqual([
      { atMs: start, qtyLots: 75n },
      { atMs: start + hour, qtyLots: 25n },
    ]);
    // Half of the 09:00 bucket and all of 10:00: weights 600 * 30 min and 200 * 60 min.
    expect(
      vwapPlan({ totalLots: 100n, startMs: start + 30 * minute, durationMs: 90 * minute, profile }).map(
        (e) => e.qtyLots,
      ),
    ).toEqual([60n, 40n]);
    // No volume in the window: even in time.
    expect(
      vwapPlan({ totalLots: 90n, startMs: start + 3 * hour, durationMs: 3 * hour, profile }).map((e) => e.qtyLots),
    ).toEqual([30n, 30n, 30n]);
    // With a slice count: even cuts, each sized by the volume it overlaps (600 x 30 min twice, then 200 x 30 min
    // twice: 37.5 / 37.5 / 12.5 / 12.5, the odd lots to the earlier ties).
    expect(vwapPlan({ totalLots: 100n, startMs: start, durationMs: 2 * hour, profile, slices: 4 })).toEqual([
      { atMs: start, qtyLots: 38n },
      { atMs: start + 30 * minute, qtyLots: 38n },
      { atMs: start + hour, qtyLots: 12n },
      { atMs: start + 90 * minute, qtyLots: 12n },
    ]);
    // A ten-minute window inside one bucket is ten even slices, not the whole order at once.
    const short = vwapPlan({ totalLots: 100n, startMs: start, durationMs: 10 * minute, profile, slices: 10 });
    expect(short.map((e) => e.qtyLots)).toEqual(Array(10).fill(10n));
    expect(short.map((e) => e.atMs - start)).toEqual(Array.from({ length: 10 }, (_, i) => i * minute));
  });

  it('executes against the profile and reports slippage against the interval VWAP', () => {
    const clock = new ManualClock(9 * hour);
    const profile = volumeProfileFromTrades(
      [
        { tsMs: 9 * hour, qtyLots: 1n },
        { tsMs: 10 * hour, qtyLots: 3n },
      ],
      hour,
    );
    const algo = createVwap({
      parentId: 'v',
      side: 'sell',
      totalLots: 40n,
      startMs: clock.nowMs(),
      durationMs: 2 * hour,
      profile,
    });
    const sizes = runFilling(algo, clock, 11 * hour, 10 * minute, 99n);
    expect(sizes).toEqual([10n, 30n]);
    algo.onMarketTrade(100n, 10n);
    algo.onMarketTrade(98n, 10n);
    const r = algo.report();
    expect(r.intervalVwapTicks).toBe(99);
    expect(r.slippageVsIntervalVwapBps).toBe(0);
  });
});

describe('allocateProportionally', () => {
  it('sums to the total and stays within one lot of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 12n),
        fc.array(fc.bigInt(0n, 10n ** 6n), { minLength: 1, maxLength: 50 }),
        (total, weights) => {
          const shares = allocateProportionally(total, weights);
          expect(
            shares.reduce((a, b) => a + b, 0n),
            `SEED=${seed}`,
          ).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0n);
          if (sum === 0n) return;
          for (const [i, w] of weights.entries()) {
            const share = shares[i] as bigint;
            expect(share * sum >= total * w - sum && share * sum <= total * w + sum).toBe(true);
          }
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});

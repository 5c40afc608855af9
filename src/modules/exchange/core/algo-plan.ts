// Slice plans for algorithmic orders: even TWAP slices (optionally randomised) and VWAP slices from a volume profile.
import { assert, type Prng } from '../../../kernel/index.js';
import { algoLimits } from './algo-limits.js';

/** One planned slice: at `atMs` the schedule's cumulative target grows by `qtyLots`. */
export interface SlicePlanEntry {
  readonly atMs: number;
  readonly qtyLots: bigint;
}

/** Traded volume per time-of-day bucket: volumes[i] covers [i * bucketMs, (i + 1) * bucketMs) after midnight UTC. */
export interface VolumeProfile {
  readonly bucketMs: number;
  readonly volumes: readonly bigint[];
}

/**
 * Splits `total` in proportion to non-negative integer `weights` by the largest-remainder (Hamilton) method: every
 * share is floor(total * w / sum), and the lots left over go to the largest remainders, ties to the earlier slice.
 */
export function allocateProportionally(total: bigint, weights: readonly bigint[]): bigint[] {
  assert(total >= 0n && weights.length > 0, 'allocate needs a non-negative total and at least one weight');
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (sum === 0n)
    return allocateProportionally(
      total,
      weights.map(() => 1n),
    );
  const shares = weights.map((w) => (total * w) / sum);
  let left = total - shares.reduce((s, x) => s + x, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (total * w) % sum }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left--;
  }
  return shares;
}

/** Parameters of an evenly sliced plan; jitter draws from the caller's seeded Prng. */
export interface TwapPlanInput {
  readonly totalLots: bigint;
  readonly startMs: number;
  readonly durationMs: number;
  readonly slices: number;
  readonly jitter?: { readonly prng: Prng; readonly sizePct: number; readonly timePct: number };
}

/**
 * TWAP: `slices` slices at startMs + i * interval. With jitter, each size is scaled by (1 + u * sizePct / 100) and each
 * time moved by u * timePct / 100 of half an interval (u uniform in [-1, 1)); times stay ordered and inside the window.
 */
export function twapPlan(input: TwapPlanInput): SlicePlanEntry[] {
  const { totalLots, startMs, durationMs, slices, jitter } = input;
  assert(Number.isInteger(slices) && slices >= 1 && slices <= algoLimits.slicesMax, 'slices out of range');
  assert(durationMs > 0 && totalLots > 0n, 'TWAP needs a positive duration and quantity');
  const interval = durationMs / slices;
  const weights: bigint[] = [];
  const times: number[] = [];
  for (let i = 0; i < slices; i++) {
    let weight = 1_000_000;
    let at = startMs + i * interval;
    if (jitter) {
      assert(
        jitter.sizePct <= algoLimits.jitterPctMax && jitter.timePct <= algoLimits.jitterPctMax,
        'jitter too large',
      );
      weight = Math.round(weight * (1 + (jitter.prng.next() * 2 - 1) * (jitter.sizePct / 100)));
      if (i > 0) at += (jitter.prng.next() * 2 - 1) * (jitter.timePct / 100) * (interval / 2);
    }
    weights.push(BigInt(weight));
    times.push(Math.floor(at));
  }
  const sizes = allocateProportionally(totalLots, weights);
  return times.map((atMs, i) => ({ atMs, qtyLots: sizes[i] as bigint })).filter((s) => s.qtyLots > 0n);
}

/** Builds a time-of-day volume profile from our own trade history. */
export function volumeProfileFromTrades(
  trades: readonly { readonly tsMs: number; readonly qtyLots: bigint }[],
  bucketMs: number,
): VolumeProfile {
  assert(bucketMs >= algoLimits.bucketMsMin && algoLimits.dayMs % bucketMs === 0, 'bucketMs must divide a day');
  const volumes = new Array<bigint>(algoLimits.dayMs / bucketMs).fill(0n);
  for (const t of trades) {
    const tod = ((t.tsMs % algoLimits.dayMs) + algoLimits.dayMs) % algoLimits.dayMs;
    const i = Math.floor(tod / bucketMs);
    volumes[i] = (volumes[i] as bigint) + t.qtyLots;
  }
  return { bucketMs, volumes };
}

/** Volume of `profile` traded over [fromMs, toMs) by time of day: each bucket's volume times the milliseconds overlapped. */
function profileWeight(profile: VolumeProfile, fromMs: number, toMs: number): bigint {
  let weight = 0n;
  for (let at = fromMs; at < toMs; ) {
    const bucketStart = at - (((at % profile.bucketMs) + profile.bucketMs) % profile.bucketMs);
    const segmentEnd = Math.min(toMs, bucketStart + profile.bucketMs);
    const tod = ((bucketStart % algoLimits.dayMs) + algoLimits.dayMs) % algoLimits.dayMs;
    weight += (profile.volumes[Math.floor(tod / profile.bucketMs)] ?? 0n) * BigInt(segmentEnd - at);
    at = segmentEnd;
  }
  return weight;
}

/**
 * VWAP: the window cut into slices, each sized in proportion to the profile's volume over its part of the window
 * (bucket volume times the milliseconds overlapped), so the schedule follows the intraday profile; with no volume in
 * the window it falls back to even slices. `slices` even cuts (as a TWAP times them); without it, one slice per
 * profile bucket the window overlaps. A window inside one bucket is therefore even in time, not one slice at once.
 */
export function vwapPlan(input: {
  totalLots: bigint;
  startMs: number;
  durationMs: number;
  profile: VolumeProfile;
  slices?: number;
}): SlicePlanEntry[] {
  const { totalLots, startMs, durationMs, profile, slices } = input;
  assert(durationMs > 0 && totalLots > 0n, 'VWAP needs a positive duration and quantity');
  assert(profile.volumes.length * profile.bucketMs === algoLimits.dayMs, 'profile must cover one day');
  const endMs = startMs + durationMs;
  const times: number[] = [];
  if (slices !== undefined) {
    assert(Number.isInteger(slices) && slices >= 1 && slices <= algoLimits.slicesMax, 'slices out of range');
    for (let i = 0; i < slices; i++) times.push(startMs + Math.floor((i * durationMs) / slices));
  } else {
    for (let at = startMs; at < endMs; ) {
      times.push(at);
      at = Math.min(endMs, at - (((at % profile.bucketMs) + profile.bucketMs) % profile.bucketMs) + profile.bucketMs);
      assert(times.length <= algoLimits.slicesMax, 'VWAP window has more buckets than slicesMax');
    }
  }
  const ends = times.map((_, i) => times[i + 1] ?? endMs);
  const weights = times.map((at, i) => profileWeight(profile, at, ends[i] as number));
  // Without history in the window, weight by time alone: the plan becomes a TWAP over the same slices.
  const noVolume = weights.every((w) => w === 0n);
  const lengths = times.map((at, i) => BigInt((ends[i] as number) - at));
  const sizes = allocateProportionally(totalLots, noVolume ? lengths : weights);
  return times.map((atMs, i) => ({ atMs, qtyLots: sizes[i] as bigint })).filter((s) => s.qtyLots > 0n);
}

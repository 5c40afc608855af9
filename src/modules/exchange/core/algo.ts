// TWAP and VWAP parent orders as pure state machines: tick(nowMs) turns a slice plan into child order intents.
import { assert } from '../../../kernel/index.js';
import { algoLimits } from './algo-limits.js';
import { type SlicePlanEntry, type TwapPlanInput, twapPlan, type VolumeProfile, vwapPlan } from './algo-plan.js';

/** A child order the caller should submit to the matching engine. */
export interface ChildOrderIntent {
  readonly parentId: string;
  readonly childId: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'limit' | 'market';
  readonly qtyLots: bigint;
  readonly limitPriceTicks?: bigint;
}

/** What the caller must do after a tick or a control command. */
export interface AlgoActions {
  readonly place: ChildOrderIntent[];
  readonly cancelChildIds: string[];
}

/** Lifecycle of a parent order. */
export type AlgoStatus = 'running' | 'paused' | 'cancelled' | 'completed' | 'expired';

/** The parent order's definition; the plan comes from twapPlan or vwapPlan. */
export interface AlgoOrderSpec {
  readonly parentId: string;
  readonly side: 'buy' | 'sell';
  readonly totalLots: bigint;
  readonly plan: readonly SlicePlanEntry[];
  /** End of the schedule; children still working then are cancelled and the parent expires with the rest unfilled. */
  readonly endMs: number;
  readonly limitPriceTicks?: bigint;
  /** Price when the parent arrived (mid or last trade), the implementation-shortfall benchmark. */
  readonly arrivalPriceTicks?: bigint;
}

/** Execution quality: achieved average price against the arrival price and the market's VWAP over the interval. */
export interface AlgoReport {
  readonly status: AlgoStatus;
  readonly filledLots: bigint;
  readonly remainingLots: bigint;
  /** Sum of price * qty over fills: exact, in tick-lots. */
  readonly filledTickLots: bigint;
  /** Achieved VWAP in ticks (float for display). */
  readonly averagePriceTicks: number | null;
  readonly arrivalPriceTicks: number | null;
  readonly intervalVwapTicks: number | null;
  /** Sum of price * qty over the market's trades while the parent worked, and their lots: the exact interval VWAP. */
  readonly marketTickLots: bigint;
  readonly marketLots: bigint;
  /** Cost in basis points, positive when worse than the benchmark: (avg - bench) / bench for a buy, reversed for a sell. */
  readonly slippageVsArrivalBps: number | null;
  readonly slippageVsIntervalVwapBps: number | null;
}

interface Child {
  readonly qtyLots: bigint;
  filledLots: bigint;
  readonly sliceTimeMs: number;
  /** Set once a cancel was asked for, so it is asked only once. */
  cancelling: boolean;
}

/**
 * Executes a slice plan. The cumulative target at (effective) time t is the sum of the slices due by t; the first tick
 * of each slice sends one child for target - filled - working when that is positive, and asks to cancel children left
 * from an earlier slice so their remainder rolls into the next one. A child that closes unfilled (refused by risk,
 * cancelled by self-trade prevention) is not sent again within its slice: its quantity waits for the next slice, so a
 * parent sends at most one child per slice (and one more per resume) instead of one per tick. Pausing cancels working
 * children and shifts the rest of the schedule (and its end) by the pause length, so a resume does not burst. Driven
 * by the caller's Clock.
 */
export class AlgoOrder {
  private status: AlgoStatus = 'running';
  private readonly children = new Map<string, Child>();
  private childCount = 0;
  private filledLots = 0n;
  private filledTickLots = 0n;
  private pausedAtMs: number | null = null;
  private shiftMs = 0;
  private marketTickLots = 0n;
  private marketLots = 0n;
  /** The slice (by its plan time) the last child was sent for; null before the first and after a resume. */
  private sentForSliceMs: number | null = null;

  constructor(readonly spec: AlgoOrderSpec) {
    const planned = spec.plan.reduce((s, e) => s + e.qtyLots, 0n);
    assert(planned === spec.totalLots, 'plan must add up to totalLots');
    assert(
      spec.plan.every((e, i) => i === 0 || (spec.plan[i - 1] as SlicePlanEntry).atMs <= e.atMs),
      'plan must be in time order',
    );
  }

  /** Current lifecycle state. */
  get state(): AlgoStatus {
    return this.status;
  }

  /** Not yet finished: running or paused. */
  get working(): boolean {
    return this.status === 'running' || this.status === 'paused';
  }

  /** Advances the schedule to `nowMs`: may place one child and cancel stale ones. */
  tick(nowMs: number): AlgoActions {
    if (this.status !== 'running') return { place: [], cancelChildIds: [] };
    const t = nowMs - this.shiftMs;
    if (t >= this.spec.endMs) return this.expire();
    const due = this.dueSlices(t);
    const currentSliceMs = due === 0 ? -Infinity : (this.spec.plan[due - 1] as SlicePlanEntry).atMs;
    // Children from an earlier slice that are still working get cancelled; their remainder rolls forward.
    const stale = [...this.children].filter(([, c]) => c.sliceTimeMs < currentSliceMs);
    const cancelChildIds = this.requestCancel(stale.filter(([, c]) => !c.cancelling).map(([id]) => id));
    const target = this.spec.plan.slice(0, due).reduce((s, e) => s + e.qtyLots, 0n);
    const qty = target - this.filledLots - this.workingLots();
    const place: ChildOrderIntent[] = [];
    // At the cap a parent sends nothing more and expires at its end; refusing the tick would stop the whole exchange.
    const room = this.childCount < algoLimits.childrenPerParentMax;
    if (qty > 0n && stale.length === 0 && this.sentForSliceMs !== currentSliceMs && room) {
      this.sentForSliceMs = currentSliceMs;
      const childId = `${this.spec.parentId}-${++this.childCount}`;
      this.children.set(childId, { qtyLots: qty, filledLots: 0n, sliceTimeMs: currentSliceMs, cancelling: false });
      place.push(this.intent(childId, qty));
    }
    return { place, cancelChildIds };
  }

  /** Records a fill of one of this parent's children. */
  onFill(childId: string, qtyLots: bigint, priceTicks: bigint): void {
    const c = this.children.get(childId);
    assert(c !== undefined, `fill for unknown or closed child ${childId}`);
    assert(qtyLots > 0n && c.filledLots + qtyLots <= c.qtyLots, 'child overfilled');
    c.filledLots += qtyLots;
    this.filledLots += qtyLots;
    this.filledTickLots += qtyLots * priceTicks;
    if (c.filledLots === c.qtyLots) this.children.delete(childId);
    if (this.filledLots === this.spec.totalLots) this.status = 'completed';
  }

  /** Records that a child is done (cancelled, expired or rejected); its unfilled part returns to the schedule. */
  onChildClosed(childId: string): void {
    this.children.delete(childId);
  }

  /** Records a market trade (anyone's) for the interval-VWAP benchmark. */
  onMarketTrade(priceTicks: bigint, qtyLots: bigint): void {
    this.marketTickLots += priceTicks * qtyLots;
    this.marketLots += qtyLots;
  }

  /** Stops sending children and cancels the working ones; the schedule resumes where it left off. */
  pause(nowMs: number): AlgoActions {
    if (this.status !== 'running') return { place: [], cancelChildIds: [] };
    this.status = 'paused';
    this.pausedAtMs = nowMs;
    return { place: [], cancelChildIds: this.requestCancel([...this.children.keys()]) };
  }

  /** Resumes a paused parent; the remaining schedule is shifted by the time spent paused. */
  resume(nowMs: number): AlgoActions {
    if (this.status !== 'paused' || this.pausedAtMs === null) return { place: [], cancelChildIds: [] };
    this.shiftMs += Math.max(0, nowMs - this.pausedAtMs);
    this.pausedAtMs = null;
    this.status = 'running';
    // The pause cancelled the current slice's child; its quantity goes out again now rather than a slice later.
    this.sentForSliceMs = null;
    return this.tick(nowMs);
  }

  /** Cancels the parent and all its working children. */
  cancel(): AlgoActions {
    if (this.status === 'completed' || this.status === 'cancelled' || this.status === 'expired') {
      return { place: [], cancelChildIds: [] };
    }
    this.status = 'cancelled';
    return { place: [], cancelChildIds: this.requestCancel([...this.children.keys()]) };
  }

  /** Execution report against the arrival price and the interval VWAP of the market trades seen. */
  report(): AlgoReport {
    const avg = this.filledLots > 0n ? ratio(this.filledTickLots, this.filledLots) : null;
    const arrival = this.spec.arrivalPriceTicks !== undefined ? Number(this.spec.arrivalPriceTicks) : null;
    const interval = this.marketLots > 0n ? ratio(this.marketTickLots, this.marketLots) : null;
    const slip = (bench: number | null): number | null => {
      if (avg === null || bench === null || bench === 0) return null;
      const raw = ((avg - bench) / bench) * 10_000;
      return (this.spec.side === 'buy' ? raw : -raw) + 0; // + 0 turns -0 into 0
    };
    return {
      status: this.status,
      filledLots: this.filledLots,
      remainingLots: this.spec.totalLots - this.filledLots,
      filledTickLots: this.filledTickLots,
      averagePriceTicks: avg,
      arrivalPriceTicks: arrival,
      intervalVwapTicks: interval,
      marketTickLots: this.marketTickLots,
      marketLots: this.marketLots,
      slippageVsArrivalBps: slip(arrival),
      slippageVsIntervalVwapBps: slip(interval),
    };
  }

  private expire(): AlgoActions {
    this.status = this.filledLots === this.spec.totalLots ? 'completed' : 'expired';
    return { place: [], cancelChildIds: this.requestCancel([...this.children.keys()]) };
  }

  /** Marks children as being cancelled and returns the ids not asked before. */
  private requestCancel(ids: string[]): string[] {
    const fresh: string[] = [];
    for (const id of ids) {
      const c = this.children.get(id);
      if (c && !c.cancelling) {
        c.cancelling = true;
        fresh.push(id);
      }
    }
    return fresh;
  }

  private dueSlices(t: number): number {
    let n = 0;
    while (n < this.spec.plan.length && (this.spec.plan[n] as SlicePlanEntry).atMs <= t) n++;
    return n;
  }

  private workingLots(): bigint {
    let sum = 0n;
    for (const c of this.children.values()) sum += c.qtyLots - c.filledLots;
    return sum;
  }

  private intent(childId: string, qtyLots: bigint): ChildOrderIntent {
    const base = { parentId: this.spec.parentId, childId, side: this.spec.side, qtyLots };
    return this.spec.limitPriceTicks === undefined
      ? { ...base, type: 'market' }
      : { ...base, type: 'limit', limitPriceTicks: this.spec.limitPriceTicks };
  }
}

/** Exact ratio of two bigints as a float, for reports. */
function ratio(numerator: bigint, denominator: bigint): number {
  const whole = numerator / denominator;
  const rest = numerator % denominator;
  return Number(whole) + Number((rest * 1_000_000_000n) / denominator) / 1e9;
}

/** A TWAP parent: `slices` even slices over [startMs, startMs + durationMs), optional seeded jitter and limit price. */
export function createTwap(
  input: TwapPlanInput & {
    parentId: string;
    side: 'buy' | 'sell';
    limitPriceTicks?: bigint;
    arrivalPriceTicks?: bigint;
  },
): AlgoOrder {
  return new AlgoOrder({ ...input, plan: twapPlan(input), endMs: input.startMs + input.durationMs });
}

/** A VWAP parent whose slices follow `profile` (from volumeProfileFromTrades over our trade history, or supplied). */
export function createVwap(input: {
  parentId: string;
  side: 'buy' | 'sell';
  totalLots: bigint;
  startMs: number;
  durationMs: number;
  profile: VolumeProfile;
  /** Even cuts of the window, each sized by the profile; without it, one slice per profile bucket. */
  slices?: number;
  limitPriceTicks?: bigint;
  arrivalPriceTicks?: bigint;
}): AlgoOrder {
  return new AlgoOrder({ ...input, plan: vwapPlan(input), endMs: input.startMs + input.durationMs });
}

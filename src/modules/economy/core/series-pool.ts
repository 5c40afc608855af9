// Keeps the memory of one set of full-length series between runs, so a process that simulates again and again does
// not ask the operating system for fresh pages (88 MB at 10^6 steps) every time.
//
// Why: fresh pages are mapped and zeroed by the kernel on first touch. On the 2-core VM of docs/BENCHMARKS.md a
// 10^6-step controlled Euler run takes ~14 ms into series it has written before and up to several times that into
// fresh ones (`npm run bench -- economy` prints both).

import { assert } from '../../../kernel/index.js';
import { allocateSeries, type SimulationSeries, seriesNames } from './simulate.js';

/**
 * One reusable arena of series. `acquire` hands out views of the arena (or fresh series when it is taken or too
 * small to grow); `release` gives them back. Series from `acquire` must not be read after `release`: the next run
 * overwrites them. Runs longer than `pointsMax` always get fresh series, so the pool never holds more than
 * 11 × 8 × `pointsMax` bytes.
 */
export class SeriesPool {
  private arena: SimulationSeries | null = null;
  private lent: SimulationSeries | null = null;

  constructor(readonly pointsMax: number) {
    assert(Number.isInteger(pointsMax) && pointsMax > 0, 'pointsMax must be a positive integer');
  }

  /** Series of length `points` whose contents are unspecified; simulateInto overwrites every entry. */
  acquire(points: number): SimulationSeries {
    if (this.lent !== null || points > this.pointsMax) return allocateSeries(points);
    if (this.arena === null || (this.arena.t.length as number) < points) this.arena = allocateSeries(points);
    const arena = this.arena;
    const views = Object.fromEntries(seriesNames.map((name) => [name, arena[name].subarray(0, points)]));
    this.lent = views as unknown as SimulationSeries;
    return this.lent;
  }

  /** Takes back series from `acquire`; others (fresh ones) are left to the garbage collector. */
  release(series: SimulationSeries): void {
    if (series === this.lent) this.lent = null;
  }

  /** Bytes held by the arena. */
  get heldBytes(): number {
    return this.arena === null ? 0 : this.arena.t.byteLength * seriesNames.length;
  }
}

/** Series with their own memory, for keeping values that came from a pool. */
export function copySeries(series: SimulationSeries): SimulationSeries {
  return Object.fromEntries(seriesNames.map((name) => [name, series[name].slice()])) as unknown as SimulationSeries;
}

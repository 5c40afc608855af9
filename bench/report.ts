// Shared output for benchmarks: a human-readable line and one JSON line per figure (see docs/BENCHMARKS.md).

/** One measured figure; `peer` and `ratio` only where a peer ran the same workload. */
export interface Figure {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  peer?: number;
  /** ours/peer for rates; peer/ours for ceilings such as seconds, so bigger is always better. */
  ratio?: number;
}

/** Prints a figure as the ARCHITECTURE.md JSON line. */
export function emit(figure: Figure): void {
  const line: Figure = { ...figure };
  if (line.peer !== undefined && line.ratio === undefined) line.ratio = round(line.value / line.peer);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Rounds to 4 significant digits for printing. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(4));
}

/** Percentile (0..100) of an unsorted numeric sample, nearest-rank. Sorts a copy. */
export function percentile(sample: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(sample as ArrayLike<number>).sort();
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** High-resolution time in nanoseconds as a number. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

// Time as an injected dependency: cores never read the wall clock themselves.

/** A source of the current time in milliseconds since the Unix epoch. */
export interface Clock {
  nowMs(): number;
}

/** The real clock; only composition roots and adapters should construct it. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that moves only when told to, for deterministic tests and simulated time. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  nowMs(): number {
    return this.current;
  }
  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('ManualClock only moves forward');
    this.current += ms;
  }
  set(ms: number): void {
    if (!(ms >= this.current)) throw new RangeError('ManualClock only moves forward');
    this.current = ms;
  }
}

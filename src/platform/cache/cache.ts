// The cache port: short-lived JSON values with a time to live, shared across processes when Redis is configured.

/** A key-value cache of JSON values. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds 1 to a counter that expires `ttlMs` after its first increment; returns the new count. */
  increment(key: string, ttlMs: number): Promise<number>;
  close(): Promise<void>;
}

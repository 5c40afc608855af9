// In-process cache with TTLs and a bounded size: the embedded default.
import type { Clock } from '../../kernel/index.js';
import type { Cache } from './cache.js';

interface Entry {
  json: string;
  expiresAtMs: number;
}

/** A Map-backed cache that evicts the oldest entry past `entriesMax`. */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly entriesMax = 100_000,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    return entry ? (JSON.parse(entry.json) as T) : undefined;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { json: JSON.stringify(value), expiresAtMs: this.clock.nowMs() + ttlMs });
    if (this.entries.size > this.entriesMax) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const next = entry ? Number(JSON.parse(entry.json)) + 1 : 1;
    const expiresAtMs = entry ? entry.expiresAtMs : this.clock.nowMs() + ttlMs;
    this.entries.set(key, { json: String(next), expiresAtMs });
    return next;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.clock.nowMs()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

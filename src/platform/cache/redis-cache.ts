// Redis cache: the same port, shared by every server process.
import { Redis } from 'ioredis';
import type { Cache } from './cache.js';

/** A cache in Redis, keys namespaced by `prefix`. Expiry is Redis's own (PX). */
export class RedisCache implements Cache {
  readonly client: Redis;

  constructor(
    url: string,
    private readonly prefix = 'nexus:cache:',
  ) {
    this.client = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.client.get(this.prefix + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.client.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const k = this.prefix + key;
    const [[, count]] = (await this.client.multi().incr(k).pexpire(k, Math.round(ttlMs), 'NX').exec()) as [
      [unknown, number],
      unknown,
    ];
    return count;
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}

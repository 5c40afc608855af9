// Builds a complete Nexus for a test on a given database, with a manual clock and a known admin password.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { compose, type Nexus } from '../../src/compose.js';
import { ManualClock } from '../../src/kernel/index.js';
import { loadConfig } from '../../src/platform/config.js';
import type { TestDatabase } from './databases.js';

export const adminPassword = 'Correct-Horse-9-Battery';

/** A composed Nexus plus its clock and a teardown. */
export interface TestNexus {
  nexus: Nexus;
  clock: ManualClock;
  dataDir: string;
  close(): Promise<void>;
}

/** Composes the product on `db`, optionally with Redis, and small rate limits when asked. */
export async function testNexus(
  db: TestDatabase,
  options: { redisUrl?: string; rateLimits?: { perIpMax: number; perKeyMax: number; windowMs: number } } = {},
): Promise<TestNexus> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nexus-test-'));
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const config = loadConfig({
    DATA_DIR: dataDir,
    NEXUS_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
  });
  const nexus = await compose(config, {
    clock,
    logger: false,
    serveUi: false,
    database: db.database,
    rateLimits: options.rateLimits ?? { perIpMax: 100_000, perKeyMax: 100_000, windowMs: 60_000 },
  });
  return {
    nexus,
    clock,
    dataDir,
    async close() {
      await nexus.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API and returns the session body. */
export async function login(
  app: FastifyInstance,
  username: string,
  password: string,
  extra: Record<string, string> = {},
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password, ...extra },
  });
  return {
    status: res.statusCode,
    body: res.json() as Record<string, unknown> & { accessToken: string; refreshToken: string },
  };
}

/** Authorization header for a token. */
export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

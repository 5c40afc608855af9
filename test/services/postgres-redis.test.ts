// The same contract suites as `npm test`, on a real PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).

import { forecastingServiceContract } from '../../src/modules/forecasting/service.contract.js';
import { RedisBus } from '../../src/platform/bus/redis-bus.js';
import { RedisCache } from '../../src/platform/cache/redis-cache.js';
import { auditLogContract } from '../contracts/audit-log.contract.js';
import { backupContract } from '../contracts/backup.contract.js';
import { busContract } from '../contracts/bus.contract.js';
import { cacheContract } from '../contracts/cache.contract.js';
import { platformContract } from '../contracts/platform.contract.js';
import { freshPostgres } from '../helpers/databases.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

busContract('Redis', async () => [new RedisBus(redisUrl), new RedisBus(redisUrl)]);
cacheContract('Redis', async () => ({
  cache: new RedisCache(redisUrl, `nexus:test:${Math.random().toString(36).slice(2)}:`),
  sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
}));
platformContract('PostgreSQL + Redis', () => freshPostgres(), redisUrl);
backupContract('PostgreSQL', () => freshPostgres());
auditLogContract('PostgreSQL', () => freshPostgres());
forecastingServiceContract('PostgreSQL', () => freshPostgres());

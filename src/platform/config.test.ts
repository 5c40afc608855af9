import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.logLevel).toBe('info');
    expect(c.selfDeposits).toBe(false);
  });

  it('lets traders fund themselves only when asked to', () => {
    expect(loadConfig({ NEXUS_SELF_DEPOSITS: 'true' }).selfDeposits).toBe(true);
    expect(loadConfig({ NEXUS_SELF_DEPOSITS: 'no' }).selfDeposits).toBe(false);
    expect(() => loadConfig({ NEXUS_SELF_DEPOSITS: 'sometimes' })).toThrow(/NEXUS_SELF_DEPOSITS must be true or false/);
  });

  it('reports every wrong variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', NEXUS_ADMIN_PASSWORD: 'short' });
      expect.unreachable('loadConfig should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL/);
      expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
      expect(problems.join('\n')).toMatch(/NEXUS_ADMIN_PASSWORD/);
    }
  });

  it('accepts real engines when configured', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '0',
    });
    expect(c.databaseUrl).toContain('postgres://');
    expect(c.redisUrl).toContain('redis://');
    expect(c.port).toBe(0);
  });
});

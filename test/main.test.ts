// `npm start`'s entry point as an operator runs it: listens, answers /health, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('main entry point', () => {
  it('starts on an empty data dir, prints the generated admin password once, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nexus-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx/esm', join(root, 'src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_URL: '',
        REDIS_URL: '',
        NEXUS_ADMIN_PASSWORD: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d.toString();
    });
    child.stderr.on('data', (d) => {
      output += d.toString();
    });
    try {
      const address = await new Promise<string>((resolveAddress, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 150_000);
        const poll = setInterval(() => {
          const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
          if (m) {
            clearInterval(poll);
            clearTimeout(timer);
            resolveAddress(m[1] as string);
          }
        }, 100);
      });
      expect(output).toMatch(/Admin account created\. Username: admin {2}Password: \S{20,}/);
      const health = await fetch(`${address}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output).toContain('shutting down');
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 200_000);
});

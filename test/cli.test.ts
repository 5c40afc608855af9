// The nexus command as a user runs it: users, audit verification, backup into a file and restore into an empty
// data dir, configuration errors. Commands run in-process through runCli (the same code bin/nexus.mjs calls);
// one spawn checks the bin wrapper itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';
import { compose } from '../src/compose.js';
import { systemClock } from '../src/kernel/index.js';
import { btcUsdListing } from '../src/modules/exchange/api-fixtures.js';
import { ExchangeService } from '../src/modules/exchange/service.js';
import { loadConfig } from '../src/platform/config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'nexus-cli-'));

async function nexus(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '', REDIS_URL: '', ...env });
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(['node', 'nexus', ...args]);
    return { code, out: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    stderr.mockRestore();
    process.env = saved;
  }
}

describe('nexus CLI', { timeout: 180_000 }, () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const source = join(work, 'source');
  const target = join(work, 'target');
  const file = join(work, 'backup.gz');

  it('adds, lists, re-roles and disables users, resets a password, and verifies the audit chain', async () => {
    const add = await nexus(source, ['user', 'add', 'dora', '--role', 'auditor'], {
      NEXUS_USER_PASSWORD: 'Explorer-Pass-2026',
    });
    expect(add.out).toContain('created dora (auditor)');
    const badRole = await nexus(source, ['user', 'add', 'eve', '--role', 'wizard'], {
      NEXUS_USER_PASSWORD: 'Explorer-Pass-2026',
    });
    expect(badRole.code).toBe(1);
    expect(badRole.out).toContain('role_unknown');
    expect((await nexus(source, ['user', 'role', 'dora', 'judge'])).out).toContain('dora is now judge');
    expect((await nexus(source, ['user', 'disable', 'dora'])).out).toContain('disabled dora');
    expect((await nexus(source, ['user', 'list'])).out).toMatch(/dora\s+judge\s+disabled/);
    const weak = await nexus(source, ['user', 'password', 'dora'], { NEXUS_USER_PASSWORD: 'dora-2026' });
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('password_too_weak: password is too weak: it needs at least 12 characters');
    const reset = await nexus(source, ['user', 'password', 'dora'], { NEXUS_USER_PASSWORD: 'Lantern-Quay-8812' });
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('password of dora set');
    const verify = await nexus(source, ['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.out).toContain('audit chain intact: 4 rows');
  });

  it('backs up and restores into an empty data directory with the same users and audit chain', async () => {
    const b = await nexus(source, ['backup', file]);
    expect(b.code, b.out).toBe(0);
    expect(b.out).toContain('backup written');
    const r = await nexus(target, ['restore', file]);
    expect(r.code, r.out).toBe(0);
    expect((await nexus(target, ['user', 'list'])).out).toMatch(/dora\s+judge\s+disabled/);
    expect((await nexus(target, ['audit', 'verify'])).out).toContain('audit chain intact: 4 rows');
    const again = await nexus(target, ['restore', file]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('not empty');
  });

  it('prints the exchange recovered from its journal: status and book', async () => {
    const dataDir = join(work, 'exchange');
    const service = ExchangeService.open({ dataDir, clock: systemClock, scheduler: () => () => {} });
    await service.addSymbol(btcUsdListing);
    for (const userId of ['u1', 'u2']) {
      await service.deposit({ userId, asset: 'USD', amount: '100000', idempotencyKey: 'u' });
      await service.deposit({ userId, asset: 'BTC', amount: '10', idempotencyKey: 'b' });
    }
    const order = { symbol: 'BTC-USD', type: 'limit' as const, quantity: '0.5' };
    await service.placeOrder('u1', { ...order, side: 'buy', price: '99.50', clientOrderId: 'b1' });
    await service.placeOrder('u2', { ...order, side: 'sell', price: '100.25', clientOrderId: 's1' });
    const hash = service.stateHash();
    await service.close();

    const status = await nexus(dataDir, ['exchange', 'status']);
    expect(status.code, status.out).toBe(0);
    // Closing the service snapshotted its final state, so the command replays nothing.
    expect(status.out).toMatch(/recovered in [0-9.]+ s: snapshot at 7, 0 records replayed, last record 7/);
    expect(status.out).toContain(`stateHash ${hash}`);
    expect(status.out).toMatch(/BTC-USD\s+bid\s+99\.50\s+ask\s+100\.25\s+2 resting/);
    const book = await nexus(dataDir, ['exchange', 'book', 'BTC-USD', '--levels', '5']);
    expect(book.code, book.out).toBe(0);
    expect(book.out).toMatch(/0\.5000\s+99\.50 \| 100\.25\s+0\.5000/);
    const unknown = await nexus(dataDir, ['exchange', 'book', 'NOPE-USD']);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('unknown_symbol');
    const verify = await nexus(dataDir, ['exchange', 'verify']);
    expect(verify.code, verify.out).toBe(0);
    // Two deposits of 100,000 USD; u1's buy holds 0.5 x 99.50 plus the 20 bps fee, rounded up to the cent.
    expect(verify.out).toMatch(/USD\s+200000\.00\s+49\.85\s+0\.00\s+200000\.00/);
    expect(verify.out).toMatch(/BTC\s+20\.00000000\s+0\.50000000\s+0\.00000000\s+20\.00000000/);
    expect(verify.out).toContain('the books are sound');
  });

  it('a user disabled from the command line while the server is down loses their orders when it starts', async () => {
    const dataDir = join(work, 'withdrawn');
    const config = loadConfig({
      DATA_DIR: dataDir,
      NEXUS_ADMIN_PASSWORD: 'Correct-Horse-9-Battery',
      LOG_LEVEL: 'silent',
    });
    const first = await compose(config, { logger: false, serveUi: false });
    const created = await first.auth.createUser(
      { username: 'tess', password: 'Lantern-Quay-8812', role: 'trader' },
      null,
    );
    if (!created.ok) throw new Error(created.code);
    const tess = created.value.id;
    await first.exchange.addSymbol(btcUsdListing);
    await first.exchange.deposit({ userId: tess, asset: 'USD', amount: '1000', idempotencyKey: 'd' });
    const placed = await first.exchange.placeOrder(tess, {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '1',
      price: '99.00',
      clientOrderId: 't1',
    });
    if (!placed.ok) throw new Error(placed.code);
    await first.close();

    expect((await nexus(dataDir, ['user', 'disable', 'tess'])).out).toContain('disabled tess');

    const second = await compose(config, { logger: false, serveUi: false });
    try {
      expect(second.exchange.listOrders(tess, { status: 'open' })).toEqual([]);
      expect(second.exchange.getOrder(tess, placed.value.order.id)).toMatchObject({
        ok: true,
        value: { status: 'cancelled', cancelReason: 'trading_withdrawn' },
      });
    } finally {
      await second.close();
    }
  });

  it('explains a wrong configuration and exits non-zero', async () => {
    const res = await nexus(source, ['user', 'list'], { PORT: 'many', LOG_LEVEL: 'chatty' });
    expect(res.code).toBe(1);
    expect(res.out).toContain('PORT must be an integer');
    expect(res.out).toContain('LOG_LEVEL must be one of');
  });

  it('runs as the nexus binary with exit codes', () => {
    const res = spawnSync(process.execPath, [join(root, 'bin/nexus.mjs'), 'user', 'add', 'x'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: source },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(res.status).toBe(1);
    expect(`${res.stdout}${res.stderr}`).toContain("required option '-r, --role <role>' not specified");
  });
});

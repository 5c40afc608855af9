// The `nexus` command line: serve, migrate, users, audit verification, backup and restore, simulate, examiner,
// exchange (offline status and book of the journaled exchange).
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { openConfiguredDatabase } from './compose.js';
import { systemClock } from './kernel/index.js';
import { runSimulation, seriesNames, validateSimulationParams } from './modules/economy/index.js';
import { createExaminer, type ImportParams } from './modules/examiner/index.js';
import { ExchangeService } from './modules/exchange/service.js';
import { AuditLog } from './platform/audit/audit-log.js';
import { AuthService } from './platform/auth/auth-service.js';
import { roles } from './platform/auth/permissions.js';
import { loadOrCreateSecrets } from './platform/auth/secrets.js';
import { backup, restore } from './platform/backup/backup.js';
import { ConfigError, loadConfig } from './platform/config.js';

/** Thrown to end a command with an exit code and a message for stderr. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

let exitCode = 0;

function config() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliExit(1, error.message);
    }
    throw error;
  }
}

/** Opens the configured database with the identity service on it, runs `work`, and closes everything. */
async function withServices<T>(work: (s: { auth: AuthService; audit: AuditLog }) => Promise<T>): Promise<T> {
  const c = config();
  const database = await openConfiguredDatabase(c);
  try {
    const audit = new AuditLog(database.db, systemClock);
    const auth = new AuthService(database.db, systemClock, loadOrCreateSecrets(c.dataDir, c.jwtSecret), audit);
    return await work({ auth, audit });
  } finally {
    await database.close();
  }
}

/** Opens the exchange read-mostly (no timers, no projection), runs `work`, and closes it. */
async function withExchange(work: (service: ExchangeService) => void): Promise<void> {
  const c = config();
  let service: ExchangeService;
  try {
    // Inline snapshots: the tool reads and closes, so a follower thread would only replay for nothing.
    service = ExchangeService.open({
      dataDir: c.dataDir,
      clock: systemClock,
      scheduler: () => () => {},
      snapshots: 'inline',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('journal_')) fail(message);
    throw error;
  }
  try {
    work(service);
  } finally {
    await service.close();
  }
}

function bar(label: string) {
  const b = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} {stage}`, hideCursor: true, clearOnComplete: false },
    undefined,
  );
  let started = false;
  return {
    update(stage: string, done: number, total: number) {
      if (!started) {
        b.start(Math.max(total, 1), 0, { stage });
        started = true;
      }
      b.setTotal(Math.max(total, 1));
      b.update(done, { stage });
    },
    stop() {
      if (started) b.stop();
    },
  };
}

function fail(message: string): never {
  throw new CliExit(1, message);
}

/**
 * What happens to the orders of an account the CLI takes off trading (disabled, or a role without exchange:trade):
 * the exchange journal belongs to the server, which cancels them when it next starts (compose.ts).
 */
const ordersCancelledAtStart = 'the exchange cancels their working orders when the server next starts';

/** Builds a fresh command tree (commander keeps option state per instance, so each run gets its own). */
function buildProgram(): Command {
  const program = new Command();
  program.name('nexus').description('Nexus financial platform').showHelpAfterError().exitOverride();
  program
    .command('serve')
    .description('start the server (same as npm start)')
    .action(async () => {
      await import('./main.js');
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const database = await openConfiguredDatabase(config());
      await database.close();
      console.log(`migrations applied (${database.kind})`);
    });

  const user = program.command('user').description('manage users');
  user
    .command('add <username>')
    .description('create a user; the password is read from NEXUS_USER_PASSWORD')
    .requiredOption('-r, --role <role>', `one of: ${roles.join(', ')}`)
    .action(async (username: string, opts: { role: string }) => {
      const password = process.env.NEXUS_USER_PASSWORD;
      if (!password)
        fail("set NEXUS_USER_PASSWORD to the new user's password (kept out of shell history and process lists)");
      await withServices(async ({ auth }) => {
        const result = await auth.createUser({ username, password, role: opts.role }, 'cli');
        if (!result.ok) fail(`${result.code}: ${result.detail ?? ''}`);
        console.log(`created ${result.value.username} (${result.value.role}) id=${result.value.id}`);
      });
    });
  user
    .command('list')
    .description('list users')
    .action(async () => {
      await withServices(async ({ auth }) => {
        for (const u of await auth.listUsers()) {
          console.log(
            `${u.id}  ${u.username.padEnd(24)} ${u.role.padEnd(20)} ${u.disabled ? 'disabled' : 'active'}${u.mfaEnabled ? ' mfa' : ''}`,
          );
        }
      });
    });
  user
    .command('disable <username>')
    .description('disable a user and revoke their sessions and API keys')
    .action(async (username: string) => {
      await withServices(async ({ auth }) => {
        const found = await auth.findByUsername(username);
        if (!found) fail(`no user ${username}`);
        const result = await auth.setDisabled(found.id, true, 'cli');
        if (!result.ok) fail(result.code);
        console.log(`disabled ${username}; ${ordersCancelledAtStart}`);
      });
    });
  user
    .command('password <username>')
    .description("set a user's password from NEXUS_USER_PASSWORD; clears a lockout and ends their sessions")
    .action(async (username: string) => {
      const password = process.env.NEXUS_USER_PASSWORD;
      if (!password) fail('set NEXUS_USER_PASSWORD to the new password (kept out of shell history and process lists)');
      await withServices(async ({ auth }) => {
        const found = await auth.findByUsername(username);
        if (!found) fail(`no user ${username}`);
        const result = await auth.resetPassword(found.id, password, 'cli');
        if (!result.ok) fail(`${result.code}: ${result.detail ?? ''}`);
        console.log(`password of ${username} set; their sessions have ended`);
      });
    });
  user
    .command('role <username> <role>')
    .description('assign a role')
    .action(async (username: string, role: string) => {
      await withServices(async ({ auth }) => {
        const found = await auth.findByUsername(username);
        if (!found) fail(`no user ${username}`);
        const result = await auth.setRole(found.id, role, 'cli');
        if (!result.ok) fail(`${result.code}: ${result.detail ?? ''}`);
        const trades = result.value.permissions.includes('exchange:trade');
        console.log(`${username} is now ${role}${trades ? '' : `; ${ordersCancelledAtStart}`}`);
      });
    });

  program
    .command('audit')
    .description('audit log tools')
    .command('verify')
    .description('walk the hash chain and report the first broken link')
    .action(async () => {
      await withServices(async ({ audit }) => {
        const report = await audit.verify((checked) => process.stderr.write(`\rchecked ${checked} rows`));
        process.stderr.write('\n');
        if (report.ok) console.log(`audit chain intact: ${report.checked} rows`);
        else {
          console.log(
            `audit chain BROKEN at row ${report.firstBroken?.id}: ${report.firstBroken?.reason} (${report.checked} rows intact before it)`,
          );
          exitCode = 2;
        }
      });
    });

  program
    .command('backup <file>')
    .description('write the database and the data directory files to a gzipped backup file')
    .action(async (file: string) => {
      const c = config();
      const database = await openConfiguredDatabase(c);
      const progress = bar('backup');
      try {
        const header = await backup(database, c.dataDir, file, (stage, done, total) =>
          progress.update(stage, done, total),
        );
        progress.stop();
        console.log(
          `backup written to ${file}: ${header.tables.reduce((s, t) => s + t.rows, 0)} rows in ${header.tables.length} tables, ${header.files} files`,
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('restore <file>')
    .description('restore a backup into an empty data directory (or empty PostgreSQL database)')
    .action(async (file: string) => {
      const c = config();
      if (!existsSync(file)) fail(`no such file ${file}`);
      if (!c.databaseUrl && existsSync(c.dataDir) && readdirSync(c.dataDir).length > 0) {
        fail(`DATA_DIR ${c.dataDir} is not empty; restore into an empty directory`);
      }
      const database = await openConfiguredDatabase(c);
      const progress = bar('restore');
      try {
        const header = await restore(database, c.dataDir, file, (stage, done, total) =>
          progress.update(stage, done, total),
        );
        progress.stop();
        console.log(
          `restored ${header.tables.reduce((s, t) => s + t.rows, 0)} rows and ${header.files} files from ${file}`,
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('simulate')
    .description('run an economic simulation from a parameters JSON file (no server needed) and print its metrics')
    .requiredOption('-c, --config <file>', 'JSON file holding the simulation parameters (as POST /simulations takes)')
    .option('-o, --out <file>', 'write every series as CSV (one row per step)')
    .action((opts: { config: string; out?: string }) => {
      if (!existsSync(opts.config)) fail(`no such file ${opts.config}`);
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(opts.config, 'utf8'));
      } catch (error) {
        fail(`${opts.config} is not JSON: ${(error as Error).message}`);
      }
      const checked = validateSimulationParams(input);
      if (!checked.ok) fail(checked.issues.map((i) => `${i.field || '(root)'}: ${i.code} (${i.detail})`).join('\n'));
      const params = checked.value;
      const progress = bar('simulate');
      const rows = params.steps + 1;
      progress.update('integrating', 0, rows);
      const result = runSimulation(params);
      progress.update(opts.out ? 'writing' : 'done', opts.out ? 0 : rows, rows);
      if (opts.out) {
        const fd = openSync(opts.out, 'w');
        try {
          writeSync(fd, stringify([[...seriesNames]]));
          const chunk = 10_000;
          for (let from = 0; from < rows; from += chunk) {
            const to = Math.min(rows, from + chunk);
            const block: number[][] = [];
            for (let k = from; k < to; k++) block.push(seriesNames.map((name) => result.series[name][k] as number));
            writeSync(fd, stringify(block));
            progress.update('writing', to, rows);
          }
        } finally {
          closeSync(fd);
        }
      }
      progress.stop();
      const m = result.metrics;
      console.log(
        `steps ${params.steps}, dt ${params.dt}, integrator ${params.integrator}${m.finite ? '' : ' (DIVERGED)'}`,
      );
      for (const key of ['finalN', 'minN', 'maxN', 'meanN', 'reference', 'settlingTime', 'overshootPct'] as const)
        console.log(`${key.padEnd(14)} ${m[key] ?? 'n/a'}`);
      console.log(`conservation violation max |N - (N0 + I - B)| = ${result.conservationViolationMax}`);
      if (opts.out) console.log(`wrote ${rows} rows of ${seriesNames.length} series to ${opts.out}`);
    });

  const examiner = program.command('examiner').description('import statements and expenses, reconcile them');
  examiner
    .command('import <file>')
    .description('stream a bank statement or expense file into the database (a re-import adds nothing)')
    .requiredOption('-k, --kind <kind>', 'bank or expenses')
    .requiredOption('-f, --format <format>', 'csv, ofx, qfx, camt053, mt940 or xlsx')
    .option('-a, --account <account>', 'bank account (required for a bank CSV)')
    .option('-c, --currency <currency>', 'currency of rows without one (required for CSV and XLSX)')
    .option('-m, --mapping <name>', 'a saved column mapping')
    .action(async (file: string, opts: ImportParams) => {
      if (!existsSync(file)) fail(`no such file ${file}`);
      const c = config();
      const database = await openConfiguredDatabase(c);
      try {
        const result = await createExaminer(database.db, systemClock).imports.importFile(
          opts,
          createReadStream(file),
          null,
        );
        if (!result.ok) fail(`${result.code}: ${result.detail ?? ''}`);
        const r = result.value;
        console.log(
          `batch ${r.batchId}: ${r.accepted} stored, ${r.duplicates} already present, ${r.rejected.total} rejected`,
        );
        for (const row of r.rejected.rows) console.log(`  line ${row.line}: ${row.reason} ${row.detail}`);
      } finally {
        await database.close();
      }
    });
  examiner
    .command('reconcile')
    .description('reconcile every unmatched bank line and expense in scope')
    .option('-a, --account <account>', 'only this bank account')
    .option('--from <date>', 'first date, yyyy-mm-dd')
    .option('--to <date>', 'last date, yyyy-mm-dd')
    .action(async (opts: { account?: string; from?: string; to?: string }) => {
      const c = config();
      const database = await openConfiguredDatabase(c);
      try {
        const result = await createExaminer(database.db, systemClock).reconcile.run(opts, null);
        if (!result.ok) fail(`${result.code}: ${result.detail ?? ''}`);
        const r = result.value;
        console.log(
          `run ${r.id}: rate ${(r.rate * 100).toFixed(1)} %, ${r.matched} matches, ${r.review} to review, ${r.unmatched} unmatched ${JSON.stringify(r.categories)}`,
        );
      } finally {
        await database.close();
      }
    });
  const exchange = program
    .command('exchange')
    .description(
      'inspect the exchange journal under DATA_DIR (the server must be stopped: the journal has one writer)',
    );
  exchange
    .command('status')
    .description('recover the exchange from its snapshot and journal, then print what it holds and how long that took')
    .action(async () => {
      await withExchange((service) => {
        const r = service.recovery;
        const j = service.journalStats();
        console.log(
          `recovered in ${r.seconds.toFixed(3)} s: snapshot at ${r.snapshotSeq}, ${r.replayed} records replayed, last record ${r.lastSeq}`,
        );
        console.log(`journal: ${j.segments} segment file(s), ${j.bytes} bytes`);
        console.log(`stateHash ${service.stateHash()}`);
        const state = service.current;
        console.log(
          `kill switch: ${state.kill.globalHalted ? 'GLOBAL HALT' : 'off'}, ${state.kill.killedAccounts.size} account(s) killed; ` +
            `${state.riskOverrides.size} account(s) with their own risk limits`,
        );
        for (const sym of service.listSymbols()) {
          const book = service.book(sym.symbol, 1);
          if (!book.ok) continue;
          const bid = book.value.bids[0]?.[0] ?? '-';
          const ask = book.value.asks[0]?.[0] ?? '-';
          const resting = state.engine.book(sym.symbol)?.restingOrderCount() ?? 0;
          console.log(
            `${sym.symbol.padEnd(12)} bid ${String(bid).padStart(12)}  ask ${String(ask).padStart(12)}  ${resting} resting`,
          );
        }
      });
    });
  exchange
    .command('verify')
    .description(
      "audit the recovered books: each asset's money with users, in fees and deposited net; the ledger sums to zero; " +
        'no account overdrawn; holds match open orders; no book crossed (exit code 1 if not)',
    )
    .action(async () => {
      await withExchange((service) => {
        const { assets, problems } = service.audit();
        console.log(
          `${'asset'.padEnd(8)} ${'users'.padStart(24)} ${'of which held'.padStart(24)} ${'fees'.padStart(20)} ${'deposited net'.padStart(24)}`,
        );
        for (const a of assets) {
          console.log(
            `${a.asset.padEnd(8)} ${a.users.padStart(24)} ${a.held.padStart(24)} ${a.fees.padStart(20)} ${a.netDeposits.padStart(24)}`,
          );
        }
        if (problems.length === 0) console.log('the books are sound');
        else {
          for (const p of problems) console.log(`PROBLEM ${p}`);
          exitCode = 1;
        }
      });
    });
  exchange
    .command('book <symbol>')
    .description('print the L2 book of a symbol as recovered from the journal')
    .option('-l, --levels <n>', 'levels per side', '10')
    .action(async (symbol: string, opts: { levels: string }) => {
      const levels = Number(opts.levels);
      if (!Number.isInteger(levels) || levels < 1) fail('--levels must be a positive integer');
      await withExchange((service) => {
        const book = service.book(symbol, levels);
        if (!book.ok) fail(`${book.code}: ${book.detail ?? ''}`);
        console.log(`${symbol} at seq ${book.value.seq}`);
        console.log(`${'bid qty'.padStart(16)} ${'bid'.padStart(12)} | ${'ask'.padEnd(12)} ${'ask qty'}`);
        const rows = Math.max(book.value.bids.length, book.value.asks.length);
        for (let i = 0; i < rows; i++) {
          const [bp, bq] = book.value.bids[i] ?? ['', ''];
          const [ap, aq] = book.value.asks[i] ?? ['', ''];
          console.log(`${String(bq).padStart(16)} ${String(bp).padStart(12)} | ${String(ap).padEnd(12)} ${aq}`);
        }
      });
    });
  return program;
}

/** Runs the command line and returns the process exit code; bin/nexus.mjs sets it, tests call this directly. */
export async function runCli(argv: string[]): Promise<number> {
  exitCode = 0;
  try {
    await buildProgram().parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CliExit) {
      console.error(error.message);
      return error.exitCode;
    }
    const commanderCode = (error as { exitCode?: number; code?: string }).exitCode;
    if (typeof commanderCode === 'number') return commanderCode;
    throw error;
  }
}

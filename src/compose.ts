// The composition root: picks adapters from the configuration, builds services and the HTTP app.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import { type Clock, limits, systemClock } from './kernel/index.js';
import { AlertService, alertRoutes } from './modules/alerts/index.js';
import { economyRoutes, MonteCarloPool, SimulationService } from './modules/economy/index.js';
import { casesRoutes } from './modules/examiner/cases-routes.js';
import { CasesService } from './modules/examiner/cases-service.js';
import { EvidenceStore } from './modules/examiner/evidence-store.js';
import { createExaminer, examinerRoutes } from './modules/examiner/index.js';
import { ExchangeProjection, ExchangeService, exchangeRoutes } from './modules/exchange/index.js';
import { ForecastingService, forecastingRoutes } from './modules/forecasting/index.js';
import { ledgerRoutes } from './modules/ledger/index.js';
import { ReportScheduler, ReportsService, reportsRoutes } from './modules/reports/index.js';
import { AuditLog } from './platform/audit/audit-log.js';
import { auditRoutes } from './platform/audit/routes.js';
import { adminRoutes } from './platform/auth/admin-routes.js';
import { AuthService, type UserView } from './platform/auth/auth-service.js';
import { authRoutes } from './platform/auth/routes.js';
import { loadOrCreateSecrets } from './platform/auth/secrets.js';
import { randomSecret } from './platform/auth/tokens.js';
import type { Bus } from './platform/bus/bus.js';
import { MemoryBus } from './platform/bus/memory-bus.js';
import { RedisBus } from './platform/bus/redis-bus.js';
import type { Cache } from './platform/cache/cache.js';
import { MemoryCache } from './platform/cache/memory-cache.js';
import { RedisCache } from './platform/cache/redis-cache.js';
import type { Config } from './platform/config.js';
import { type Database, openDatabase, pgliteDirFor } from './platform/db/database.js';
import { type App, type AppDeps, buildApp } from './platform/http/app.js';
import { unwrap } from './platform/http/errors.js';
import { WsHub } from './platform/http/ws-hub.js';
import { loggerOptions } from './platform/observability/logger.js';
import { createMetrics, type Metrics } from './platform/observability/metrics.js';

/** The running product: the HTTP app plus everything that must be closed on shutdown. */
export interface Nexus {
  app: App;
  config: Config;
  database: Database;
  auth: AuthService;
  audit: AuditLog;
  hub: WsHub;
  bus: Bus;
  cache: Cache;
  metrics: Metrics;
  forecasting: ForecastingService;
  /** Litigation cases with evidence custody, and reports with their scheduler. */
  reporting: { cases: CasesService; reports: ReportsService; scheduler: ReportScheduler };
  exchange: ExchangeService;
  /** Set when this start created the admin account with a generated password (print it once). */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

/** Options that tests and the CLI use to shape a composition. */
export interface ComposeOptions {
  clock?: Clock;
  logger?: boolean;
  rateLimits?: AppDeps['rateLimits'];
  serveUi?: boolean;
  /** An already-open, migrated database (tests pass an in-memory PGlite or a fresh PostgreSQL database). */
  database?: Database;
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Opens the configured database (PGlite under DATA_DIR by default) and applies migrations. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir) });
  await database.migrate();
  return database;
}

/** Builds the whole product from a validated configuration. */
export async function compose(config: Config, options: ComposeOptions = {}): Promise<Nexus> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openConfiguredDatabase(config));
  const secrets = loadOrCreateSecrets(config.dataDir, config.jwtSecret);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 3 }) : undefined;
  const bus: Bus = config.redisUrl ? new RedisBus(config.redisUrl) : new MemoryBus();
  const cache: Cache = config.redisUrl ? new RedisCache(config.redisUrl) : new MemoryCache(clock);
  const metrics = createMetrics();
  const audit = new AuditLog(database.db, clock, { soleWriter: database.kind === 'pglite' });
  const auth = new AuthService(database.db, clock, secrets, audit);
  const generatedAdminPassword = await ensureAdmin(auth, config.adminPassword);

  const hub = new WsHub(bus, auth);
  hub.registerChannel('system', { permission: 'account:self' });
  hub.registerChannel('simulation-results', { permission: 'simulation:read', private: true });
  hub.registerChannel('alerts', { permission: 'alerts:read' });
  await hub.start();
  const forecasting = new ForecastingService(database.db, clock);
  await forecasting.startIngestion(bus);
  const pool = new MonteCarloPool();
  const simulations = new SimulationService({ db: database.db, clock, bus, hub, pool });
  const alerts = new AlertService({ db: database.db, clock, bus, hub, sealKey: secrets.sealKey });
  await alerts.start();

  // Litigation cases and evidence (files under DATA_DIR/evidence and /documents), reports (DATA_DIR/reports).
  const uploads = (folder: string) => new EvidenceStore(join(config.dataDir, folder), limits.uploadBytesMax);
  const cases = new CasesService(database.db, clock, uploads('evidence'), uploads('documents'));
  hub.registerChannel('reports', { permission: 'reports:read' });
  const reports = new ReportsService(database.db, clock, config.dataDir, {
    caseReportInput: (caseId) => cases.caseReportInput(caseId),
    announce: (report) => hub.publish('reports', report),
  });
  const reportScheduler = new ReportScheduler(reports);
  const reporting = { cases, reports, scheduler: reportScheduler };
  // Exchange: journaled state machine under DATA_DIR/exchange/journal, SQL projection, market and private order feeds.
  hub.registerChannel('market-updates', { permission: 'exchange:read' });
  hub.registerChannel('orders', { permission: 'exchange:trade', private: true });
  const exchangeProjection = new ExchangeProjection(database);
  const exchange = ExchangeService.open({
    dataDir: config.dataDir,
    clock,
    hub,
    bus,
    metricsRegistry: metrics.registry,
    projection: exchangeProjection,
  });
  // An account that may no longer trade (disabled, or given a role without exchange:trade) cannot sign in to manage
  // its orders, so they are cancelled rather than left to fill; its algo orders too. At start this catches accounts
  // changed while the server was down (the CLI's `user disable`) or stopped before it could cancel.
  const withdrawTrading = async (user: UserView) => {
    if (!user.disabled && user.permissions.includes('exchange:trade')) return;
    if (exchange.hasWorkingOrders(user.id)) unwrap(await exchange.cancelAll(user.id, { cause: 'trading_withdrawn' }));
  };
  auth.onUserChanged(withdrawTrading);
  for (const user of await auth.listUsers()) await withdrawTrading(user);

  const examiner = createExaminer(database.db, clock);

  const app = await buildApp({
    database,
    auth,
    audit,
    hub,
    metrics,
    logger: options.logger === false ? false : loggerOptions(config.logLevel),
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    redis,
    rateLimits: options.rateLimits,
    webDist: options.serveUi === false ? undefined : resolve(repoRoot, 'web/dist'),
    readinessChecks: redis ? { redis: async () => void (await redis.ping()) } : {},
    modules: [
      { name: 'auth', plugin: authRoutes(auth) },
      { name: 'admin', plugin: adminRoutes(auth) },
      { name: 'audit', plugin: auditRoutes(audit) },
      { name: 'forecasting', plugin: forecastingRoutes(forecasting) },
      { name: 'economy', plugin: economyRoutes(simulations) },
      { name: 'alerts', plugin: alertRoutes(alerts) },
      { name: 'cases', plugin: casesRoutes(cases) },
      { name: 'reports', plugin: reportsRoutes(reports, reportScheduler) },
      { name: 'examiner', plugin: examinerRoutes(examiner) },
      {
        name: 'exchange',
        plugin: exchangeRoutes(exchange, exchangeProjection, { exists: (id) => auth.userExists(id) }),
      },
      {
        name: 'ledger',
        plugin: ledgerRoutes(exchange, {
          selfDeposits: config.selfDeposits,
          userExists: (id) => auth.userExists(id),
        }),
      },
    ],
  });

  let closed = false;
  return {
    app,
    config,
    database,
    auth,
    audit,
    hub,
    bus,
    cache,
    metrics,
    forecasting,
    reporting,
    exchange,
    generatedAdminPassword,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([alerts.stop(), pool.close(), examiner.close()]);
      await hub.stop();
      await app.close();
      await forecasting.whenIngested();
      await exchange.close();
      await exchangeProjection.flush();
      await Promise.allSettled([bus.close(), cache.close(), redis?.quit()]);
      await database.close();
    },
  };
}

/** Creates the first admin on an empty database; returns the password when it had to be generated. */
export async function ensureAdmin(auth: AuthService, configured: string | undefined): Promise<string | undefined> {
  const all = await auth.listUsers();
  if (all.some((u) => u.role === 'admin')) return undefined;
  const password = configured ?? `${randomSecret(18)}-Aa1`;
  const created = await auth.createUser({ username: 'admin', password, role: 'admin' }, null);
  if (!created.ok) throw new Error(`could not create the admin account: ${created.code} ${created.detail ?? ''}`);
  return configured ? undefined : password;
}

/** A plain logger for start-up messages outside a request. */
export function startupLogger(level: string) {
  return pino(loggerOptions(level));
}

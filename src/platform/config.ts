// Configuration from the environment, validated once at start with one clear message per wrong variable.
import { resolve } from 'node:path';

/** Everything the composition root needs to pick adapters and start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; absent means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  /** Redis connection string; absent means in-process cache, rate limits and fan-out. */
  redisUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  adminPassword: string | undefined;
  /** HMAC secret for access tokens (base64 or text, ≥ 32 bytes); generated under dataDir when absent. */
  jwtSecret: string | undefined;
  /** Origins allowed by CORS; empty means same-origin only. */
  corsOrigins: string[];
  /** Trust X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
  /**
   * Whether traders may credit their own ledger accounts (a sandbox: there is no payment rail behind a deposit).
   * Off by default: deposits are then credited by an administrator.
   */
  selfDeposits: boolean;
}

/** Thrown with every problem found, one line each, so the operator fixes all of them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const databaseUrl = parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'], problems);
  const redisUrl = parseUrl('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:'], problems);
  const rawLevel = (env.LOG_LEVEL ?? 'info').trim();
  let logLevel: Config['logLevel'] = 'info';
  if ((logLevels as readonly string[]).includes(rawLevel)) logLevel = rawLevel as Config['logLevel'];
  else problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${rawLevel}"`);
  const adminPassword = env.NEXUS_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    problems.push('NEXUS_ADMIN_PASSWORD must be at least 12 characters');
  }
  const jwtSecret = env.NEXUS_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    problems.push('NEXUS_JWT_SECRET must be at least 32 bytes');
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      problems.push(`CORS_ORIGINS entry "${origin}" must look like https://host[:port]`);
  }
  const trustProxy = parseBool('TRUST_PROXY', env.TRUST_PROXY, false, problems);
  const selfDeposits = parseBool('NEXUS_SELF_DEPOSITS', env.NEXUS_SELF_DEPOSITS, false, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    logLevel,
    adminPassword,
    jwtSecret,
    corsOrigins,
    trustProxy,
    selfDeposits,
  };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 8080;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got "${raw}"`);
    return 8080;
  }
  return n;
}

function parseUrl(name: string, raw: string | undefined, protocols: string[], problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
    return raw;
  } catch {
    problems.push(`${name} is not a valid URL`);
    return undefined;
  }
}

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

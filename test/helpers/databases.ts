// Database factories for tests: in-memory PGlite for `npm test`, a fresh PostgreSQL database for `test:services`.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, migrationsFolder, openDatabase } from '../../src/platform/db/database.js';

/** A migrated database plus a function that removes it again. */
export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

/**
 * A migrated PGlite data directory, dumped once per migration set into the OS temp dir and shared by every test
 * file: loading the dump takes a fraction of the time of initdb plus migrations.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).sort()) {
    if (file.endsWith('.sql')) hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  const path = join(tmpdir(), `nexus-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const fresh = await openDatabase({ pgliteDir: 'memory://' });
  await fresh.migrate();
  const dump = await fresh.dumpDataDir!();
  await fresh.close();
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, path);
  return dump;
}

/** A throw-away in-memory PGlite with every migration applied. */
export async function memoryPglite(): Promise<TestDatabase> {
  const database = await openDatabase({ pgliteDir: 'memory://', pgliteLoadDataDir: await migratedTemplate() });
  await database.migrate();
  return { database, drop: () => database.close().catch(() => undefined) };
}

/** The server that `test:services` runs against (DATABASE_URL, default the local trust-auth server). */
export function servicesDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Creates a uniquely named database on the PostgreSQL server, migrates it, and drops it afterwards. */
export async function freshPostgres(baseUrl = servicesDatabaseUrl()): Promise<TestDatabase> {
  const name = `nexus_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 5 });
  await database.migrate();
  return {
    database,
    async drop() {
      await database.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

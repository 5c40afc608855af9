// Logical backup and restore that work the same on PGlite and PostgreSQL: every table as text values, in
// foreign-key order, plus the files under DATA_DIR (secrets, evidence, reports), in one gzipped JSON-lines file.
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, RawQuery } from '../db/database.js';

/** Progress callback: what is being copied and how far along it is. */
export type Progress = (stage: string, done: number, total: number) => void;

interface Header {
  format: 'nexus-backup';
  version: 1;
  createdAt: string;
  engine: string;
  tables: { name: string; columns: string[]; rows: number }[];
  files: number;
}

const pageRows = 1_000;
// Folders that belong to the embedded database itself: its content travels as table rows, not as files.
const skippedDirs = new Set(['pglite']);

/** Tables of the public schema in an order where every table comes after the tables it references. */
export async function tablesInDependencyOrder(database: Database): Promise<string[]> {
  const tables = (
    await database.query(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )
  ).map((r) => String(r.table_name));
  const edges = await database.query(`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) {
    const child = String(e.child).replaceAll('"', '');
    const parent = String(e.parent).replaceAll('"', '');
    if (child !== parent) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const p of parents.get(t) ?? []) visit(p);
    visiting.delete(t);
    ordered.push(t);
  };
  tables.forEach(visit);
  return ordered;
}

async function columnsOf(database: Database, table: string): Promise<string[]> {
  const rows = await database.query(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((r) => String(r.column_name));
}

function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    const rel = relative(root, full);
    if (dir === root && (skippedDirs.has(entry) || entry.endsWith('.lock'))) continue;
    if (statSync(full).isDirectory()) out.push(...listFiles(root, full));
    else out.push(rel);
  }
  return out;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Writes a backup of the database and the data directory's files to `file`. */
export async function backup(database: Database, dataDir: string, file: string, progress?: Progress): Promise<Header> {
  const tables = await tablesInDependencyOrder(database);
  const header: Header = {
    format: 'nexus-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    engine: database.kind,
    tables: [],
    files: 0,
  };
  for (const name of tables) {
    const [{ n }] = (await database.query(`select count(*)::int as n from ${q(name)}`)) as [{ n: number }];
    header.tables.push({ name, columns: await columnsOf(database, name), rows: Number(n) });
  }
  const files = listFiles(dataDir);
  header.files = files.length;
  const total = header.tables.reduce((s, t) => s + t.rows, 0) + files.length;
  let done = 0;
  async function* lines() {
    yield `${JSON.stringify(header)}\n`;
    for (const table of header.tables) {
      const select = table.columns.map((c) => `${q(c)}::text as ${q(c)}`).join(', ');
      for (let offset = 0; offset < table.rows; offset += pageRows) {
        const rows = await database.query(
          `select ${select} from ${q(table.name)} order by 1 limit ${pageRows} offset ${offset}`,
        );
        for (const row of rows)
          yield `${JSON.stringify({ t: table.name, v: table.columns.map((c) => row[c] ?? null) })}\n`;
        done += rows.length;
        progress?.(`table ${table.name}`, done, total);
      }
    }
    for (const rel of files) {
      yield `${JSON.stringify({ f: rel, b: readFileSync(join(dataDir, rel)).toString('base64') })}\n`;
      progress?.('files', ++done, total);
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  await pipeline(lines, createGzip(), createWriteStream(file));
  return header;
}

/** Restores a backup into an empty, migrated database and data directory, in one transaction. */
export async function restore(database: Database, dataDir: string, file: string, progress?: Progress): Promise<Header> {
  return database.rawTransaction(async (query) => {
    const input = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let header: Header | undefined;
    let done = 0;
    let total = 0;
    const columns = new Map<string, string[]>();
    for await (const line of input) {
      if (line.length === 0) continue;
      const record = JSON.parse(line) as Header & { t?: string; v?: (string | null)[]; f?: string; b?: string };
      if (!header) {
        if (record.format !== 'nexus-backup' || record.version !== 1) throw new Error('not a Nexus backup (version 1)');
        header = record;
        total = header.tables.reduce((s, t) => s + t.rows, 0) + header.files;
        await assertEmpty(query, header);
        for (const t of header.tables) columns.set(t.name, t.columns);
      } else if (record.t !== undefined && record.v) {
        const cols = columns.get(record.t);
        if (!cols) throw new Error(`backup row for unknown table ${record.t}`);
        const placeholders = cols.map((_, i) => `$${i + 1}`).join(', ');
        await query(`insert into ${q(record.t)} (${cols.map(q).join(', ')}) values (${placeholders})`, record.v);
        progress?.(`table ${record.t}`, ++done, total);
      } else if (record.f !== undefined && record.b !== undefined) {
        const target = join(dataDir, record.f);
        if (relative(dataDir, target).startsWith('..'))
          throw new Error(`backup file path escapes the data directory: ${record.f}`);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, Buffer.from(record.b, 'base64'), { mode: record.f === 'secrets.json' ? 0o600 : 0o644 });
        progress?.('files', ++done, total);
      }
    }
    if (!header) throw new Error('empty backup file');
    await resetSequences(query);
    return header;
  });
}

async function assertEmpty(query: RawQuery, header: Header): Promise<void> {
  for (const t of header.tables) {
    const rows = await query(`select 1 from ${q(t.name)} limit 1`).catch(() => {
      throw new Error(`table ${t.name} is missing: run migrations first`);
    });
    if (rows.length > 0)
      throw new Error(`table ${t.name} is not empty: restore only into an empty data directory or database`);
  }
}

async function resetSequences(query: RawQuery): Promise<void> {
  const seqs = await query(`
    select c.relname as table_name, a.attname as column_name, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
    from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`);
  for (const s of seqs) {
    await query(
      `select setval($1, coalesce((select max(${q(String(s.column_name))}) from ${q(String(s.table_name))}), 0) + 1, false)`,
      [s.seq],
    );
  }
}

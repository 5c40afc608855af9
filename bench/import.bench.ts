// Streaming import of a 1,000,000-line bank CSV with its peak resident memory.

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMinor, Prng } from '../src/kernel/index.js';
import { importBankCsv } from '../src/modules/examiner/imports/csv-bank.js';
import { emit, nowNs, round } from './report.js';

const lines = Number(process.env.IMPORT_LINES ?? 1_000_000);
const batchSize = 1_000;

/** Writes a realistic CSV (one bad row in 10,000) without holding it in memory. */
async function writeCsv(path: string): Promise<void> {
  const prng = new Prng(940);
  const out = createWriteStream(path);
  const vendors = ['ACME SUPPLIES', 'NORTHWIND TRADERS', 'BLUE BOTTLE COFFEE', 'GLOBEX LOGISTICS', 'INITECH HARDWARE'];
  out.write('Date;Amount;Text;Ref\n');
  for (let i = 1; i < lines; i++) {
    const day = prng.int(1, 28);
    const month = prng.int(1, 12);
    const amount = formatMinor(-BigInt(prng.int(100, 500_000)), 2).replace('.', ',');
    const bad = i % 10_000 === 0;
    const row = `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.2025;${bad ? 'n/a' : amount};CARD PURCHASE ${prng.pick(vendors)} ${prng.int(1, 999)};R${i}\n`;
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Imports the file through a small async pipeline (batches of 1,000, as a DB upsert would take them), sampling RSS. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-import-bench-'));
  const path = join(dir, 'statement.csv');
  try {
    await writeCsv(path);
    globalThis.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    let accepted = 0;
    let rejected = 0;
    let batch: unknown[] = [];
    const t0 = nowNs();
    const items = importBankCsv(createReadStream(path, { highWaterMark: 64 * 1024 }), {
      account: 'DE44500105175407324931',
      currency: 'EUR',
      mapping: {
        date: 'Date',
        amount: 'Amount',
        description: 'Text',
        reference: 'Ref',
        dateFormat: 'dd.mm.yyyy',
        decimalSeparator: ',',
        delimiter: ';',
        hasHeader: true,
      },
    });
    for await (const item of items) {
      if (item.kind === 'accepted') accepted++;
      else rejected++;
      batch.push(item);
      if (batch.length === batchSize) {
        batch = [];
        // Yield to the event loop between batches, as awaiting a database write would.
        await new Promise((resolve) => setImmediate(resolve));
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
    const seconds = (nowNs() - t0) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (x: number): number => round(x / 1_048_576);
    console.log(
      `import  lines=${lines}  accepted=${accepted}  rejected=${rejected}  ${round(seconds)} s  ` +
        `${round(accepted / seconds)} rows/s  rss baseline=${mb(baseline)} MB  peak=${mb(peak)} MB`,
    );
    emit({ bench: 'import', figure: 'import_peak_rss_mb', value: mb(peak), unit: 'MB' });
    emit({ bench: 'import', figure: 'import_baseline_rss_mb', value: mb(baseline), unit: 'MB' });
    emit({ bench: 'import', figure: 'import_seconds', value: round(seconds), unit: 's' });
    emit({ bench: 'import', figure: 'import_rows_per_s', value: round(accepted / seconds), unit: 'rows/s' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

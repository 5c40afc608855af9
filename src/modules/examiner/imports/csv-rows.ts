// Streams CSV rows with their line numbers through csv-parse, turning malformed rows into rejections.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportSource } from './types.js';

/** A parsed row, or a row csv-parse could not read. */
export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

/**
 * Yields rows one by one. Rows with broken quoting are skipped by csv-parse and reported here with
 * their line instead of aborting the file, so nothing after a bad row is lost.
 */
export async function* csvRows(source: ImportSource, delimiter = ','): AsyncGenerator<CsvRow> {
  const skipped: CsvRow[] = [];
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = error !== undefined && typeof error.lines === 'number' ? error.lines : 0;
      skipped.push({ line, error: error?.message ?? 'unreadable row' });
      return undefined;
    },
  });
  const input = source instanceof Readable ? source : Readable.from(source);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift() as CsvRow;
    yield { line: item.info.lines, fields: item.record };
  }
  while (skipped.length > 0) yield skipped.shift() as CsvRow;
}

/** Column reference: a header name, or a 0-based index for files without a header. */
export type ColumnRef = string | number;

/** Resolves column references against a header row (or uses indices as given). */
export function resolveColumns<K extends string>(
  refs: Partial<Record<K, ColumnRef>>,
  header: string[] | null,
): { ok: true; index: Partial<Record<K, number>> } | { ok: false; missing: string } {
  const index: Partial<Record<K, number>> = {};
  const names = header?.map((h) => h.trim().toLowerCase());
  for (const key of Object.keys(refs) as K[]) {
    const ref = refs[key];
    if (ref === undefined) continue;
    if (typeof ref === 'number') index[key] = ref;
    else {
      const i = names?.indexOf(ref.trim().toLowerCase()) ?? -1;
      if (i < 0) return { ok: false, missing: ref };
      index[key] = i;
    }
  }
  return { ok: true, index };
}

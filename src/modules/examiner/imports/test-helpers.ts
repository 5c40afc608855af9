// Helpers for the importer tests: feed text in small chunks and collect what an importer yields.
import type { RowRejection } from '../core/records.js';
import type { ImportItem } from './types.js';

/** Yields `text` in chunks of `size` characters, so parsers are tested across chunk boundaries. */
export async function* chunked(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Collects accepted records (with lines) and rejections from an import. */
export async function collect<T>(
  items: AsyncIterable<ImportItem<T>>,
): Promise<{ records: T[]; lines: number[]; rejections: RowRejection[] }> {
  const out = { records: [] as T[], lines: [] as number[], rejections: [] as RowRejection[] };
  for await (const item of items) {
    if (item.kind === 'accepted') {
      out.records.push(item.record);
      out.lines.push(item.line);
    } else out.rejections.push(item.rejection);
  }
  return out;
}

/** The 1-based line of the `nth` (1-based) line of `text` that contains `marker`. */
export function lineOf(text: string, marker: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.includes(marker) && ++seen === nth) return i + 1;
  }
  throw new Error(`marker ${marker} not found`);
}

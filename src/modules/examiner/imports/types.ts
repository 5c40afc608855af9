// What every importer yields: accepted records (their id is the row fingerprint) and rejections, in file order.
import type { RowRejection } from '../core/records.js';

/** One outcome of an import, as soon as the row is read. */
export type ImportItem<T> =
  | { kind: 'accepted'; line: number; record: T }
  | { kind: 'rejected'; rejection: RowRejection };

/** Anything an importer can read: a Node Readable or any async iterable of text or bytes. */
export type ImportSource = AsyncIterable<string | Buffer | Uint8Array>;

/** Builds a rejection item. */
export function rejected<T>(line: number, reason: RowRejection['reason'], detail: string): ImportItem<T> {
  return { kind: 'rejected', rejection: { line, reason, detail } };
}

/** Decodes an async iterable of chunks into strings, keeping multi-byte characters intact across chunks. */
export async function* textChunks(source: ImportSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    if (typeof chunk === 'string') yield chunk;
    else yield decoder.decode(chunk, { stream: true });
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

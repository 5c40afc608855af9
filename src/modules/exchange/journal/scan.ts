// Sequential reader of a journal file: yields each valid frame and finds where the valid prefix ends.
import { readSync } from 'node:fs';
import { crc32Range, frameHeaderBytes, readSeq } from './frame.js';
import { journalLimits } from './limits.js';

/** What a scan found: how many bytes form the valid prefix and the last sequence number in it. */
export interface ScanResult {
  readonly validBytes: number;
  readonly lastSeq: number;
  readonly records: number;
  /** Why the scan stopped before the end of the file, when it did. */
  readonly stopReason?: 'short_header' | 'short_payload' | 'bad_length' | 'bad_crc' | 'bad_seq';
}

/**
 * Reads frames from `fd` between byte 0 and `fileBytes`, calling `onRecord` for each valid one with seq > `afterSeq`.
 * Frames must carry consecutive sequence numbers starting at `firstSeq`. The payload view is only valid during the
 * callback (the read buffer is reused), so copy it if you keep it.
 */
export function scanFrames(
  fd: number,
  fileBytes: number,
  firstSeq: number,
  afterSeq: number,
  onRecord: ((seq: number, payload: Buffer) => void) | null,
): ScanResult {
  const chunk = Buffer.allocUnsafe(journalLimits.readChunkBytes + journalLimits.recordBytesMax + frameHeaderBytes);
  let fileOffset = 0; // file position of chunk[0]
  let filled = 0; // bytes of chunk holding file data
  let pos = 0; // parse position in chunk
  let expectedSeq = firstSeq;
  let records = 0;
  const stop = (stopReason: ScanResult['stopReason']): ScanResult => ({
    validBytes: fileOffset + pos,
    lastSeq: expectedSeq - 1,
    records,
    ...(stopReason ? { stopReason } : {}),
  });
  for (;;) {
    if (filled - pos < frameHeaderBytes || needMore(chunk, pos, filled)) {
      // Move the unread tail to the front and refill.
      chunk.copy(chunk, 0, pos, filled);
      fileOffset += pos;
      filled -= pos;
      pos = 0;
      const want = Math.min(chunk.length - filled, fileBytes - (fileOffset + filled));
      if (want > 0) filled += readFully(fd, chunk, filled, want, fileOffset + filled);
      if (filled === 0) return stop(undefined);
      if (filled < frameHeaderBytes) return stop('short_header');
    }
    const length = chunk.readUInt32LE(pos);
    if (length === 0 || length > journalLimits.recordBytesMax) return stop('bad_length');
    if (filled - pos < frameHeaderBytes + length) return stop('short_payload');
    const end = pos + frameHeaderBytes + length;
    if (crc32Range(chunk, pos + 8, end) !== chunk.readUInt32LE(pos + 4)) return stop('bad_crc');
    const seq = readSeq(chunk, pos + 8);
    if (seq !== expectedSeq) return stop('bad_seq');
    if (onRecord && seq > afterSeq) onRecord(seq, chunk.subarray(pos + frameHeaderBytes, end));
    expectedSeq++;
    records++;
    pos = end;
  }
}

/** True when the frame at `pos` is not completely inside the buffer but might be after a refill. */
function needMore(chunk: Buffer, pos: number, filled: number): boolean {
  const length = chunk.readUInt32LE(pos);
  if (length === 0 || length > journalLimits.recordBytesMax) return false;
  return filled - pos < frameHeaderBytes + length && pos > 0;
}

function readFully(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

// Atomic snapshot files: write to a temp file, fsync, rename, fsync the directory; verify by CRC on load.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, frameHeaderBytes, readSeq, writeSeq } from './frame.js';
import { journalLimits } from './limits.js';

const snapshotPattern = /^snapshot-(\d{16})\.snap$/;

/** File name of the snapshot taken after applying record `seq`. */
export function snapshotName(seq: number): string {
  return `snapshot-${String(seq).padStart(16, '0')}.snap`;
}

/** Sequence numbers of the complete snapshot files in `dir`, newest first. */
export function listSnapshots(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => snapshotPattern.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
}

/** Deletes snapshot temp files left by a crash during writeSnapshotFile; they were never renamed, so never valid. */
export function removeSnapshotTemps(dir: string): void {
  for (const f of readdirSync(dir)) if (/^snapshot-\d{16}\.snap\.tmp$/.test(f)) unlinkSync(join(dir, f));
}

/** Writes a snapshot durably and atomically, then deletes all but the newest `journalLimits.snapshotsKept`. */
export function writeSnapshotFile(dir: string, seq: number, bytes: Uint8Array): void {
  if (bytes.length > journalLimits.snapshotBytesMax) throw new RangeError('snapshot larger than snapshotBytesMax');
  const header = Buffer.allocUnsafe(frameHeaderBytes);
  header.writeUInt32LE(bytes.length, 0);
  writeSeq(header, 8, seq);
  header.writeUInt32LE(crc32(Buffer.concat([header.subarray(8), bytes])), 4);
  const final = join(dir, snapshotName(seq));
  const temp = `${final}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeAll(fd, header);
    writeAll(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, final);
  fsyncDir(dir);
  for (const old of listSnapshots(dir).slice(journalLimits.snapshotsKept)) unlinkSync(join(dir, snapshotName(old)));
}

/** Reads and verifies a snapshot; null when torn or corrupt (the caller then falls back to an older one). */
export function readSnapshotFile(dir: string, seq: number): Buffer | null {
  const buf = readFileSync(join(dir, snapshotName(seq)));
  if (buf.length < frameHeaderBytes) return null;
  const length = buf.readUInt32LE(0);
  if (buf.length !== frameHeaderBytes + length) return null;
  if (readSeq(buf, 8) !== seq) return null;
  if (crc32(buf.subarray(8)) !== buf.readUInt32LE(4)) return null;
  return buf.subarray(frameHeaderBytes);
}

/** Makes a rename or file creation in `dir` durable (POSIX needs an fsync of the directory itself). */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, buf: Uint8Array): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
}

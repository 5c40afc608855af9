// Record framing for the journal: length, CRC32 and sequence number in front of every payload.
import * as zlib from 'node:zlib';

/** Bytes in front of each payload: u32 length, u32 CRC32 of (seq + payload), u64 sequence number, little-endian. */
export const frameHeaderBytes = 16;

const crcTable = (() => {
  // Standard reflected CRC-32 (IEEE 802.3, polynomial 0xEDB88320), used only when zlib.crc32 is missing (Node < 20.15).
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of the bytes in software; equal to zlib.crc32. */
export function crc32Software(data: Uint8Array, initial = 0): number {
  let c = (initial ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = (crcTable[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const nativeCrc = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 (IEEE) of `data`, native when the runtime has it. */
export const crc32: (data: Uint8Array) => number = nativeCrc ? (d) => nativeCrc(d) : (d) => crc32Software(d);

/** Frames shorter than this are checksummed in JavaScript: the native call and subarray cost more than the loop. */
const softwareCrcBytesMax = 512;

/** CRC-32 of buf[start, end) without allocating a view for short ranges. */
export function crc32Range(buf: Buffer, start: number, end: number): number {
  if (end - start > softwareCrcBytesMax) return crc32(buf.subarray(start, end));
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (crcTable[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Encodes one framed record into a fresh buffer. */
export function encodeFrame(seq: number, payload: Uint8Array | string): Buffer {
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const buf = Buffer.allocUnsafe(frameHeaderBytes + length);
  buf.writeUInt32LE(length, 0);
  writeSeq(buf, 8, seq);
  if (typeof payload === 'string') buf.write(payload, frameHeaderBytes, 'utf8');
  else buf.set(payload, frameHeaderBytes);
  buf.writeUInt32LE(crc32Range(buf, 8, buf.length), 4);
  return buf;
}

/** Writes a sequence number (a safe integer) as u64 little-endian. */
export function writeSeq(buf: Buffer, offset: number, seq: number): void {
  buf.writeUInt32LE(seq >>> 0, offset);
  buf.writeUInt32LE(Math.floor(seq / 0x100000000), offset + 4);
}

/** Reads a u64 little-endian sequence number written by writeSeq. */
export function readSeq(buf: Buffer, offset: number): number {
  return buf.readUInt32LE(offset) + buf.readUInt32LE(offset + 4) * 0x100000000;
}

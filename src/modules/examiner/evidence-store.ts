// Content-addressed file store for evidence and case documents: files land at <root>/<case>/<sha256>, hashed while they stream in.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { err, ok, type Result } from '../../kernel/index.js';

/** What a finished upload produced. */
export interface StoredFile {
  readonly sha256: string;
  readonly sizeBytes: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const shaPattern = /^[0-9a-f]{64}$/;

// Counts and hashes bytes as they pass, and fails the stream once the limit is crossed so nothing is buffered.
class HashingCounter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(Object.assign(new Error('upload too large'), { code: 'payload_too_large' }));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * Stores files by case and content hash. Each upload streams to a temporary file in the case folder while its
 * SHA-256 is computed, then is renamed to its hash (an atomic rename on one file system), so a stored path
 * always holds complete content whose name is its hash.
 */
export class EvidenceStore {
  constructor(
    /** Folder holding one sub-folder per case (DATA_DIR/evidence). */
    readonly root: string,
    private readonly maxBytes: number,
  ) {}

  /** Where the content with this hash of this case lives. */
  pathOf(caseId: string, sha256: string): string {
    if (!uuidPattern.test(caseId) || !shaPattern.test(sha256)) throw new Error('evidence path parts are not valid');
    return join(this.root, caseId, sha256);
  }

  /** Streams `source` into the store; fails with `payload_too_large` or `upload_empty` and leaves nothing behind. */
  async put(caseId: string, source: NodeJS.ReadableStream): Promise<Result<StoredFile>> {
    if (!uuidPattern.test(caseId)) return err('case_id_invalid', caseId, 'caseId');
    const folder = join(this.root, caseId);
    await mkdir(folder, { recursive: true });
    const temp = join(folder, `.upload-${randomUUID()}`);
    const counter = new HashingCounter(this.maxBytes);
    try {
      await pipeline(source, counter, createWriteStream(temp, { flags: 'wx' }));
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as { code?: string }).code === 'payload_too_large')
        return err('payload_too_large', `at most ${this.maxBytes} bytes`);
      throw error;
    }
    if (counter.size === 0) {
      await rm(temp, { force: true });
      return err('upload_empty', 'the request body held no bytes', 'body');
    }
    const sha256 = counter.hash.digest('hex');
    // Identical content is already stored under the same name; keep one copy.
    if (existsSync(this.pathOf(caseId, sha256))) await rm(temp, { force: true });
    else await rename(temp, this.pathOf(caseId, sha256));
    return ok({ sha256, sizeBytes: counter.size });
  }

  /** A read stream of stored content, or null when the file is missing. */
  async open(caseId: string, sha256: string): Promise<NodeJS.ReadableStream | null> {
    const path = this.pathOf(caseId, sha256);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  /** Re-hashes stored content by streaming it; null when the file is missing. */
  async rehash(caseId: string, sha256: string): Promise<StoredFile | null> {
    const stream = await this.open(caseId, sha256);
    if (stream === null) return null;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
    }
    return { sha256: hash.digest('hex'), sizeBytes: size };
  }
}

// The evidence store: streamed content lands under its SHA-256, oversize uploads fail and leave nothing behind.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../kernel/index.js';
import { EvidenceStore } from './evidence-store.js';

const root = mkdtempSync(join(tmpdir(), 'nexus-evidence-'));
const caseId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const seed = seedFromEnv();
afterAll(() => rmSync(root, { recursive: true, force: true }));

function chunked(parts: readonly Uint8Array[]): Readable {
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

describe('EvidenceStore', () => {
  it('names every stored file by the SHA-256 of all its chunks, however the stream is split', async () => {
    const store = new EvidenceStore(root, 1 << 20);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 2000 }), { minLength: 1, maxLength: 8 }),
        async (parts) => {
          const whole = Buffer.concat(parts.map((p) => Buffer.from(p)));
          const r = await store.put(caseId, chunked(parts));
          if (whole.length === 0) {
            expect(r.ok ? 'ok' : r.code, `SEED=${seed}`).toBe('upload_empty');
            return;
          }
          expect(r.ok, `SEED=${seed}`).toBe(true);
          if (!r.ok) return;
          expect(r.value.sha256, `SEED=${seed}`).toBe(createHash('sha256').update(whole).digest('hex'));
          expect(await store.rehash(caseId, r.value.sha256)).toEqual(r.value);
        },
      ),
      { seed, numRuns: 40 },
    );
    expect(readdirSync(join(root, caseId)).filter((f) => f.startsWith('.upload-'))).toEqual([]);
  });

  it('fails an upload over the limit with payload_too_large and removes the partial file', async () => {
    const store = new EvidenceStore(join(root, 'small'), 1000);
    const r = await store.put(caseId, chunked([new Uint8Array(600), new Uint8Array(600)]));
    expect(r.ok ? 'ok' : r.code).toBe('payload_too_large');
    expect(readdirSync(join(root, 'small', caseId))).toEqual([]);
  });

  it('refuses path parts that are not a case id and a hash', async () => {
    const store = new EvidenceStore(root, 1000);
    expect(() => store.pathOf('../etc', 'a'.repeat(64))).toThrow();
    const r = await store.put('../../etc', chunked([new Uint8Array(1)]));
    expect(r.ok ? 'ok' : r.code).toBe('case_id_invalid');
  });
});

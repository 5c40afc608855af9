// A second process must not write a journal another live process holds; a dead holder's lock is taken over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../src/kernel/index.js';
import { Journal } from '../../src/modules/exchange/journal/journal.js';
import { startChild } from './child-harness.js';

const childScript = join(dirname(fileURLToPath(import.meta.url)), 'journal-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'nexus-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('journal lock', () => {
  it('refuses a second writer while the holder lives, and takes over after it is killed', async () => {
    const child = startChild(childScript, [dir], seedFromEnv(), () => undefined);
    await child.waitFor((l) => l.startsWith('ready'), 30_000);
    expect(() => Journal.open(dir)).toThrow(new RegExp(`journal_locked: .* process ${child.proc.pid}`));
    child.proc.kill('SIGKILL');
    await child.exited;
    const journal = Journal.open(dir);
    expect(await journal.append('{"op":"new","id":"o1","qty":1}')).toBe(1);
    await journal.close();
  });
});

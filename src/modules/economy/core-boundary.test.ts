import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const moduleRoot = dirname(fileURLToPath(import.meta.url));

/** Relative imports of every non-test file in `dir`, by file. */
function importsOf(dir: string): [string, string][] {
  const found: [string, string][] = [];
  for (const file of readdirSync(dir).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-helpers.ts',
  )) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(/from '([^']+)'/g)) found.push([file, match[1] as string]);
  }
  return found;
}

describe('module boundaries', () => {
  it('keeps economy/core and alerts/core pure: only kernel, their own core, no node: or packages', () => {
    for (const dir of [join(moduleRoot, 'core'), join(moduleRoot, '..', 'alerts', 'core')]) {
      for (const [file, spec] of importsOf(dir)) {
        const allowed = spec.startsWith('./') || spec === '../../../kernel/index.js';
        expect(allowed, `${file} imports ${spec}`).toBe(true);
      }
    }
  });
});

// Enforces the module boundaries of docs/ARCHITECTURE.md by reading every import in src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specs.push((m[1] ?? m[2]) as string);
  }
  return specs;
}

const rel = (p: string) => relative(src, p).replaceAll('\\', '/');
const isTest = (f: string) => /\.test\.ts$|\.contract\.ts$|test-support\.ts$/.test(f);
const nodeBuiltinsForbiddenInCore = /^(node:)?(fs|net|http|https|child_process|worker_threads|dgram|os|process)(\/|$)/;

describe('module boundaries', () => {
  const all = files(src).filter((f) => !isTest(f));

  it('keeps modules/*/core pure: only kernel and its own core, no I/O modules, no clock or randomness', () => {
    const problems: string[] = [];
    for (const file of all.filter((f) => /\/modules\/[^/]+\/core\//.test(f))) {
      const module = rel(file).split('/')[1];
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = rel(resolve(dirname(file), spec));
          const ok = target.startsWith('kernel/') || target.startsWith(`modules/${module}/core/`);
          if (!ok) problems.push(`${rel(file)} imports ${spec}`);
        } else if (nodeBuiltinsForbiddenInCore.test(spec)) {
          problems.push(`${rel(file)} imports ${spec}`);
        }
      }
      const text = readFileSync(file, 'utf8');
      if (/Date\.now\(|Math\.random\(|new Date\(\)|process\.env/.test(text))
        problems.push(`${rel(file)} reads the clock, randomness or environment`);
    }
    expect(problems).toEqual([]);
  });

  it('lets modules use each other only through their index.ts', () => {
    const problems: string[] = [];
    for (const file of all.filter((f) => rel(f).startsWith('modules/'))) {
      const module = rel(file).split('/')[1];
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = rel(resolve(dirname(file), spec));
        const m = /^modules\/([^/]+)\/(.+)$/.exec(target);
        if (m && m[1] !== module && m[2] !== 'index.js' && m[2] !== 'index.ts' && m[2] !== 'schema.js') {
          problems.push(`${rel(file)} reaches into ${target}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps routes thin: a routes file calls only its own module and the platform', () => {
    const problems: string[] = [];
    for (const file of all.filter((f) => /routes\.ts$/.test(f) && rel(f).startsWith('modules/'))) {
      const module = rel(file).split('/')[1];
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = rel(resolve(dirname(file), spec));
        if (target.startsWith('modules/') && !target.startsWith(`modules/${module}/`))
          problems.push(`${rel(file)} imports ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('leaves picking adapters to the composition root', () => {
    const adapters = /(redis-bus|redis-cache|memory-bus|memory-cache)\.js$/;
    const roots = new Set(['compose.ts', 'main.ts', 'cli.ts']);
    const problems: string[] = [];
    for (const file of all.filter((f) => rel(f).startsWith('modules/'))) {
      for (const spec of importsOf(file)) if (adapters.test(spec)) problems.push(`${rel(file)} imports ${spec}`);
    }
    expect(problems.filter((p) => !roots.has(p.split(' ')[0] ?? ''))).toEqual([]);
  });
});

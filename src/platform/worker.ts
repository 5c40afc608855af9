// Starting a worker thread on one of our modules, from compiled JavaScript or from the TypeScript sources.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker that imports the module at `entry` (a file URL). A compiled .js entry is imported directly. A .ts
 * entry (tsx, vitest) needs tsx's loader, which Node 20 does not carry into a worker from the parent's `--import`
 * or execArgv, so a small bootstrap registers tsx's ESM hooks inside the worker first.
 */
export function startModuleWorker(entry: string, options: WorkerOptions = {}): Worker {
  const load = `import(${JSON.stringify(entry)})`;
  const boot = entry.endsWith('.ts')
    ? `import(${JSON.stringify(tsxEsmApiUrl())}).then((api) => { api.register(); return ${load}; });`
    : `${load};`;
  return new Worker(boot, { ...options, eval: true });
}

/** URL of tsx's ESM register API, read from tsx's declared exports so the `import` condition is honoured. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  const entry = manifest.exports['./esm/api'];
  if (entry === undefined) throw new Error('tsx does not export ./esm/api; cannot start TypeScript workers');
  return pathToFileURL(join(dirname(manifestPath), entry.import.default)).href;
}

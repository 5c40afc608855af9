// Runs one benchmark by name (`npm run bench -- exchange`) or all of them (`npm run bench`).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostReading } from './host-probe.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : available;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const name of names) {
  console.log(`# bench ${name} (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(`# ${hostReading()}`);
  const mod = (await import(join(here, `${name}.bench.ts`))) as { run: () => Promise<void> };
  await mod.run();
}

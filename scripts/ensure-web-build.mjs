// Builds the web UI (web/dist) when it is missing or older than its sources; silent when it is up to date.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(repoRoot, 'web', 'dist', 'index.html');
const sources = [
  join(repoRoot, 'web', 'src'),
  join(repoRoot, 'web', 'index.html'),
  join(repoRoot, 'web', 'vite.config.ts'),
];

/** Newest modification time (ms) of a file, or of any file below a directory; 0 when the path is absent. */
function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : -1;
const sourcesAt = Math.max(...sources.map(newestMtimeMs));

if (builtAt < sourcesAt) {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.error) {
    console.error(`ensure-web-build: could not run Vite: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}

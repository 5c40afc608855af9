// Gives every test file its own random seed (unless SEED is set by the caller) and prints it when a test fails,
// so a failure seen once in CI can be replayed with `SEED=<n> npx vitest run <file>`.
import { beforeEach } from 'vitest';

const origin = 'NEXUS_SEED_FROM_CALLER';
if (process.env[origin] === undefined) process.env[origin] = process.env.SEED ?? '';
if (process.env[origin] === '') process.env.SEED = String((Math.random() * 2 ** 32) >>> 0);
const seed = process.env.SEED;

beforeEach(({ onTestFailed, task }) => {
  onTestFailed(() => {
    console.error(
      `\n[seed] "${task.name}" failed with SEED=${seed}; replay: SEED=${seed} npx vitest run ${task.file?.name ?? ''}\n`,
    );
  });
});

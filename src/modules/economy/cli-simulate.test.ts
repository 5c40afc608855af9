// `nexus simulate` as a user runs it: one real process, parameters from a file, CSV of every series, metrics printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimulation } from './core/run.js';
import { seriesNames } from './core/simulate.js';
import { validateSimulationParams } from './core/validate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(join(tmpdir(), 'nexus-simulate-'));

const params = {
  alpha: 1,
  beta: 0.5,
  gamma: 0,
  delta: 0.2,
  n0: 10,
  dt: 0.05,
  steps: 400,
  integrator: 'rk4',
  pid: { kp: 1, ki: 0.2, kd: 0, setpoint: 50, outMin: -100, outMax: 100, antiWindup: 'clamp' },
  signals: {
    C: { type: 'sine', amplitude: 1, periodT: 5, phase: 0, offset: 1 },
    D: { type: 'random_walk', seed: 3, sigma: 0.3, start: 0 },
    E: { type: 'constant', value: 0 },
  },
};

describe('nexus simulate', { timeout: 60_000 }, () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes every series as CSV and prints the metrics and the conservation violation', () => {
    const config = join(work, 'params.json');
    const out = join(work, 'results.csv');
    writeFileSync(config, JSON.stringify(params));
    const res = spawnSync(
      process.execPath,
      [join(root, 'bin/nexus.mjs'), 'simulate', '--config', config, '--out', out],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const output = `${res.stdout}${res.stderr}`;
    expect(res.status, output).toBe(0);
    const checked = validateSimulationParams(params);
    if (!checked.ok) throw new Error(checked.detail);
    const expected = runSimulation(checked.value);
    expect(output).toContain(`finalN         ${expected.metrics.finalN}`);
    expect(output).toContain(`conservation violation max |N - (N0 + I - B)| = ${expected.conservationViolationMax}`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(seriesNames.join(','));
    expect(lines).toHaveLength(params.steps + 2);
    const last = (lines.at(-1) as string).split(',').map(Number);
    expect(last[seriesNames.indexOf('N')]).toBe(expected.metrics.finalN);
    expect(last[0]).toBeCloseTo(params.steps * params.dt, 9);
  });
});

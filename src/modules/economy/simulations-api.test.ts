// The simulations API end to end on in-memory PGlite: run, fetch at a resolution, list, delete, saved configs,
// validation that names fields and stores nothing, permissions, and the WebSocket and bus announcements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { memoryPglite, type TestDatabase } from '../../../test/helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from '../../../test/helpers/nexus.js';
import { simulationServiceLimits } from './limits.js';

const params = {
  alpha: 1,
  beta: 0.5,
  gamma: 0,
  delta: 0.2,
  n0: 10,
  dt: 0.01,
  steps: 1000,
  integrator: 'rk4',
  pid: { kp: 1, ki: 0.2, kd: 0, setpoint: 50, outMin: -100, outMax: 100, antiWindup: 'clamp' },
  signals: {
    C: { type: 'sine', amplitude: 1, periodT: 5, phase: 0, offset: 1 },
    D: { type: 'random_walk', seed: 7, sigma: 0.3, start: 0 },
    E: { type: 'constant', value: 0 },
  },
};

// biome-ignore lint/suspicious/noExplicitAny: response bodies are untyped JSON read only by assertions
type Json = Record<string, any>;

describe('simulations API', () => {
  let db: TestDatabase;
  let t: TestNexus;
  let base: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  const call = async (who: string, method: string, url: string, payload?: unknown) => {
    const res = await t.nexus.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...bearer(token[who] as string),
        ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Json, type: res.headers['content-type'] };
  };
  const runCount = async () =>
    Number((await t.nexus.database.query('select count(*)::int as n from simulation_run'))[0]?.n);

  beforeAll(async () => {
    db = await memoryPglite();
    t = await testNexus(db);
    const admin = await login(t.nexus.app, 'admin', adminPassword);
    token.admin = admin.body.accessToken;
    userId.admin = (admin.body.user as { id: string }).id;
    for (const [name, role] of [
      ['rita', 'researcher'],
      ['vic', 'viewer'],
    ] as const) {
      const password = 'Model-Runner-Pass-7';
      const created = await call('admin', 'POST', '/api/v1/admin/users', { username: name, password, role });
      expect(created.status).toBe(201);
      const session = await login(t.nexus.app, name, password);
      token[name] = session.body.accessToken;
      userId[name] = (session.body.user as { id: string }).id;
    }
    base = (await t.nexus.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('runs, stores a bounded number of points with metrics, and serves any resolution', async () => {
    const created = await call('rita', 'POST', '/api/v1/simulations', { parameters: params });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = created.body;
    expect(run.storedPoints).toBe(params.steps + 1);
    expect(run.series.N).toHaveLength(simulationServiceLimits.resolutionDefault);
    expect(run.metrics.conservationViolationMax).toBeLessThan(1e-9);
    expect(run.metrics.reference).toBe(50);

    const got = await call('rita', 'GET', `/api/v1/simulations/${run.id}?resolution=51`);
    expect(got.status).toBe(200);
    const { t: time, N, I, B } = got.body.series as Record<'t' | 'N' | 'I' | 'B', number[]>;
    expect(time).toHaveLength(51);
    expect(time[0]).toBe(0);
    expect(time[50]).toBeCloseTo(params.steps * params.dt, 9);
    expect(N[50]).toBe(run.metrics.finalN);
    // Thinning keeps exact states, so N = N0 + I − B holds at every returned point.
    for (let i = 0; i < 51; i++) expect(Math.abs(N[i]! - (params.n0 + I[i]! - B[i]!))).toBeLessThan(1e-9);

    expect((await call('rita', 'GET', `/api/v1/simulations/${run.id}?resolution=1`)).status).toBe(400);
    const tooFine = await call(
      'rita',
      'GET',
      `/api/v1/simulations/${run.id}?resolution=${simulationServiceLimits.storedPointsMax + 1}`,
    );
    expect(tooFine.status).toBe(400);
    expect(tooFine.body.errors[0].field).toBe('resolution');
  });

  it('keeps long runs to the stored bound and runs Monte Carlo bands on request', async () => {
    const long = await call('rita', 'POST', '/api/v1/simulations?resolution=2000', {
      parameters: { ...params, steps: 4_000 },
      monteCarlo: { paths: 40 },
    });
    expect(long.status, JSON.stringify(long.body)).toBe(201);
    expect(long.body.storedPoints).toBe(simulationServiceLimits.storedPointsMax);
    const bands = long.body.bands as Json;
    expect(bands.paths).toBe(40);
    expect(bands.p50).toHaveLength(simulationServiceLimits.storedPointsMax);
    for (let i = 0; i < bands.p50.length; i++) {
      expect(bands.p05[i]).toBeLessThanOrEqual(bands.p50[i]);
      expect(bands.p50[i]).toBeLessThanOrEqual(bands.p95[i]);
    }
    // The random walk makes paths differ, so the band has width by the end.
    expect(bands.p95.at(-1) - bands.p05.at(-1)).toBeGreaterThan(0);
    expect(long.body.metrics.monteCarloPaths).toBe(40);
  });

  it('rejects bad parameters with every field named and stores nothing', async () => {
    const before = await runCount();
    // JSON cannot carry NaN: a string, a null and a number too large for a double (parsed as Infinity) stand in.
    const body = JSON.stringify({
      parameters: {
        ...params,
        alpha: 'NaN',
        beta: null,
        dt: 0,
        steps: 3_000_000,
        signals: {
          C: { type: 'laser' },
          D: { type: 'series', csv: 't,v\n0,1\n1,abc\n', dtSeries: 1, interpolation: 'hold' },
          E: { type: 'constant', value: 1 },
        },
      },
    }).replace('"value":1}', '"value":1e999}');
    const res = await call('rita', 'POST', '/api/v1/simulations', body);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe('simulation_params_invalid');
    const pairs = (res.body.errors as Json[]).map((e) => `${e.field} ${e.code}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        'parameters.alpha value_must_be_number',
        'parameters.beta field_required',
        'parameters.dt step_must_be_positive',
        'parameters.steps steps_above_max',
        'parameters.signals.C.type unknown_signal_type',
        'parameters.signals.E.value value_must_be_finite',
      ]),
    );
    expect(pairs.some((p) => p.startsWith('parameters.signals.D.csv:3 csv_'))).toBe(true);
    for (const e of res.body.errors as Json[]) expect(typeof e.message).toBe('string');

    const apiBound = await call('rita', 'POST', '/api/v1/simulations', {
      parameters: { ...params, steps: simulationServiceLimits.apiStepsMax + 1 },
    });
    expect(apiBound.body.errors).toEqual([
      expect.objectContaining({ field: 'parameters.steps', code: 'steps_above_api_max' }),
    ]);
    const paths = await call('rita', 'POST', '/api/v1/simulations', { parameters: params, monteCarlo: { paths: 0 } });
    expect(paths.body.errors[0]).toMatchObject({ field: 'monteCarlo.paths' });
    const both = await call('rita', 'POST', '/api/v1/simulations', { parameters: params, configId: 1 });
    expect(both.status).toBe(400);
    expect(await runCount()).toBe(before);
  });

  it('lists newest first in pages, shows users only their own runs, and deletes', async () => {
    const ids: number[] = [];
    for (const n0 of [1, 2, 3]) {
      const res = await call('rita', 'POST', '/api/v1/simulations', { parameters: { ...params, n0, steps: 50 } });
      ids.push(res.body.id);
    }
    const adminRun = await call('admin', 'POST', '/api/v1/simulations', { parameters: { ...params, steps: 10 } });
    const first = await call('rita', 'GET', '/api/v1/simulations?limit=2');
    expect(first.body.items.map((i: Json) => i.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0]).toMatchObject({ steps: 50, integrator: 'rk4', userId: userId.rita });
    const rest: number[] = [];
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await call('rita', 'GET', `/api/v1/simulations?limit=2&cursor=${cursor}`);
      rest.push(...page.body.items.map((i: Json) => i.id));
      cursor = page.body.nextCursor;
    }
    expect(rest.slice(0, 1)).toEqual([ids[0]]);
    expect(new Set([ids[2], ids[1], ...rest]).size).toBe(2 + rest.length);
    expect(rest).not.toContain(adminRun.body.id);
    const all = await call('admin', 'GET', '/api/v1/simulations?limit=100');
    expect(all.body.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining([adminRun.body.id, ...ids]));
    expect((await call('rita', 'GET', `/api/v1/simulations/${adminRun.body.id}`)).status).toBe(404);
    expect((await call('admin', 'GET', `/api/v1/simulations/${ids[0]}`)).status).toBe(200);
    expect((await call('rita', 'GET', '/api/v1/simulations?cursor=abc')).body.code).toBe('cursor_invalid');

    expect((await call('rita', 'DELETE', `/api/v1/simulations/${adminRun.body.id}`)).status).toBe(404);
    expect((await call('rita', 'DELETE', `/api/v1/simulations/${ids[0]}`)).status).toBe(204);
    expect((await call('rita', 'GET', `/api/v1/simulations/${ids[0]}`)).status).toBe(404);
  });

  it('saves, uses and deletes named configurations', async () => {
    const saved = await call('rita', 'POST', '/api/v1/simulation-configs', { name: 'baseline', parameters: params });
    expect(saved.status).toBe(201);
    expect(
      (await call('rita', 'POST', '/api/v1/simulation-configs', { name: 'baseline', parameters: params })).status,
    ).toBe(409);
    const bad = await call('rita', 'POST', '/api/v1/simulation-configs', {
      name: 'broken',
      parameters: { ...params, dt: -1 },
    });
    expect(bad.body.errors[0]).toMatchObject({ field: 'parameters.dt', code: 'step_must_be_positive' });
    const listed = await call('rita', 'GET', '/api/v1/simulation-configs');
    expect(listed.body.items.map((c: Json) => c.name)).toEqual(['baseline']);
    expect((await call('vic', 'GET', '/api/v1/simulation-configs')).body.items).toEqual([]);

    const run = await call('rita', 'POST', '/api/v1/simulations', { configId: saved.body.id });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ configId: saved.body.id, parameters: params });
    expect((await call('admin', 'POST', '/api/v1/simulations', { configId: 999_999 })).status).toBe(404);

    expect((await call('rita', 'DELETE', `/api/v1/simulation-configs/${saved.body.id}`)).status).toBe(204);
    expect((await call('rita', 'GET', `/api/v1/simulations/${run.body.id}`)).body.configId).toBeNull();
    expect((await call('rita', 'GET', '/api/v1/simulation-configs')).body.items).toEqual([]);
  });

  it('lets a viewer read but not run, save or delete', async () => {
    expect((await call('vic', 'GET', '/api/v1/simulations')).status).toBe(200);
    const run = await call('vic', 'POST', '/api/v1/simulations', { parameters: params });
    expect(run.status).toBe(403);
    expect(run.body.code).toBe('forbidden');
    expect((await call('vic', 'POST', '/api/v1/simulation-configs', { name: 'x', parameters: params })).status).toBe(
      403,
    );
    expect((await call('vic', 'DELETE', '/api/v1/simulations/1')).status).toBe(403);
  });

  it('announces a finished run to its owner over WebSocket and publishes its metrics on the bus', async () => {
    const samples: Json[] = [];
    const unsubscribe = await t.nexus.bus.subscribe('metrics.samples', (m) => samples.push(m as Json));
    const socket = new WebSocket(`${base}/ws?token=${token.rita}`);
    const inbox: Json[] = [];
    socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
    const waitFor = async (predicate: (m: Json) => boolean) => {
      for (let i = 0; i < 500; i++) {
        const found = inbox.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no matching message in ${JSON.stringify(inbox)}`);
    };
    await waitFor((m) => m.op === 'authenticated');
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'simulation-results' }));
    await waitFor((m) => m.op === 'subscribed');
    const run = await call('rita', 'POST', '/api/v1/simulations', { parameters: params });
    const event = await waitFor((m) => m.op === 'event' && m.channel === 'simulation-results');
    expect(event.data).toMatchObject({ id: run.body.id, metrics: { finalN: run.body.metrics.finalN } });
    socket.close();
    await unsubscribe();
    const finalN = samples.find((s) => s.metric === 'simulation.final_n');
    expect(finalN).toMatchObject({ source: 'economy', points: [{ value: run.body.metrics.finalN }] });
    expect(finalN?.points[0].metadata).toMatchObject({ runId: run.body.id });
    expect(samples.map((s) => s.metric)).toContain('simulation.conservation_violation');
  });
});

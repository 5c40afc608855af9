// Route tests through the composed app: CSV upload with bad rows, idempotent re-upload, forecasts from stored
// history and inline values, weekly history, non-finite input, and forecast:read versus forecast:run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPglite, type TestDatabase } from '../../../test/helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from '../../../test/helpers/nexus.js';
import { Prng, seedFromEnv } from '../../kernel/index.js';
import { weekMs } from './core/resample.js';

const seed = seedFromEnv();
const monday = Date.UTC(2022, 0, 3);

/** 120 weekly rows with trend and noise, plus one row whose value is NaN at line 5. */
function csvWithOneBadRow(): string {
  const prng = new Prng(seed);
  const lines = ['time,value'];
  for (let i = 0; i < 120; i++) {
    const value = i === 3 ? 'NaN' : (50 + 0.3 * i + prng.normal(0, 1)).toFixed(4);
    lines.push(`${new Date(monday + i * weekMs).toISOString()},${value}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('forecasting routes', () => {
  let db: TestDatabase;
  let t: TestNexus;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  const app = () => t.nexus.app;

  beforeAll(async () => {
    db = await memoryPglite();
    t = await testNexus(db);
    admin = bearer((await login(app(), 'admin', adminPassword)).body.accessToken);
    const created = await app().inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: admin,
      payload: { username: 'vic', password: 'Viewer-Password-42', role: 'viewer' },
    });
    expect(created.statusCode, created.body).toBe(201);
    viewer = bearer((await login(app(), 'vic', 'Viewer-Password-42')).body.accessToken);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const uploadCsv = (body: string, headers = admin) =>
    app().inject({
      method: 'POST',
      url: '/api/v1/metrics/upload/revenue/csv',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: body,
    });

  it('keeps the valid rows of a CSV and reports the bad row with its line', async () => {
    const res = await uploadCsv(csvWithOneBadRow());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dataRows: 120, received: 119, inserted: 119, rejectedCount: 1 });
    expect(res.json().rejected).toEqual([
      { line: 5, field: 'value', code: 'value_not_finite', reason: expect.stringContaining('NaN') },
    ]);
  });

  it('adds nothing when the same CSV is uploaded again', async () => {
    const res = await uploadCsv(csvWithOneBadRow());
    expect(res.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 119 });
    const asJson = await app().inject({
      method: 'POST',
      url: '/api/v1/metrics/upload/revenue/csv',
      headers: admin,
      payload: { csv: csvWithOneBadRow() },
    });
    expect(asJson.json()).toMatchObject({ inserted: 0, unchanged: 119, rejectedCount: 1 });
    const list = await app().inject({ url: '/api/v1/metrics', headers: viewer });
    expect(list.json().items).toContainEqual({
      source: 'upload',
      metric: 'revenue',
      count: 119,
      first: new Date(monday).toISOString(),
      last: new Date(monday + 119 * weekMs).toISOString(),
    });
  });

  it('answers a malformed CSV with 400 problem+json naming the line, storing nothing', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/metrics/upload/broken/csv',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: 'time,value\n2024-01-01,"1\n',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'csv_malformed', errors: [{ field: expect.stringMatching(/^line \d/) }] });
    const allBad = await app().inject({
      method: 'POST',
      url: '/api/v1/metrics/upload/broken/csv',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: 'time,value\n2024-01-01,Infinity\n',
    });
    expect(allBad.json()).toMatchObject({ code: 'csv_no_valid_rows', errors: [{ field: 'line 2.value' }] });
    const history = await app().inject({ url: '/api/v1/metrics/upload/broken/history', headers: viewer });
    expect(history.statusCode).toBe(404);
    expect(history.json().code).toBe('series_not_found');
  });

  it('forecasts stored history with intervals and backtest metrics for every model and the ensemble', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/forecasts',
      headers: admin,
      payload: { source: 'upload', metric: 'revenue', horizonSteps: 52 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.input).toEqual({ kind: 'series', source: 'upload', metric: 'revenue', samples: 119 });
    // The NaN row left one empty week, filled by interpolation and counted.
    expect(body.calendar).toMatchObject({ weeks: 120, gapCount: 1, aggregation: 'mean', gapPolicy: 'interpolate' });
    expect(body.ensemble.mean).toHaveLength(52);
    expect(body.ensemble.upper[51] - body.ensemble.lower[51]).toBeGreaterThan(0);
    for (const metrics of [body.ensemble.backtest, ...body.models.map((m: { backtest: unknown }) => m.backtest)]) {
      if (metrics === null) continue;
      expect(Object.keys(metrics).sort()).toEqual(['coverage95', 'mae', 'mase', 'points', 'smapePercent']);
    }
    expect(body.ensemble.backtest.mae, `SEED=${seed}`).toBeGreaterThan(0);
    expect(body.insights.length).toBeGreaterThan(0);
  });

  it('forecasts inline values and rejects a non-finite value naming its index', async () => {
    const values = Array.from({ length: 40 }, (_, i) => 10 + i + (i % 3));
    const ok = await app().inject({
      method: 'POST',
      url: '/api/v1/forecasts',
      headers: admin,
      payload: { values, horizonSteps: 8, startTime: '2024-01-01' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().calendar.historyStartMs).toBe(Date.UTC(2024, 0, 1));
    // JSON has no NaN, but 1e999 parses to Infinity; it must not slip through.
    const bad = await app().inject({
      method: 'POST',
      url: '/api/v1/forecasts',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: `{"values":[${values.slice(0, 20).join(',')},1e999],"horizonSteps":4}`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].field).toMatch(/^values[[.]20\]?$/);
    const badPoint = await app().inject({
      method: 'POST',
      url: '/api/v1/metrics/json/m/points',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"points":[{"timeMs":0,"value":1},{"timeMs":604800000,"value":-1e999}]}',
    });
    expect(badPoint.statusCode).toBe(400);
    expect(badPoint.json().errors[0].field).toMatch(/^points[[.]1\]?\.value$/);
    expect((await app().inject({ url: '/api/v1/metrics/json/m/history', headers: admin })).statusCode).toBe(404);
  });

  it('returns weekly-resampled history and raw pages', async () => {
    const weekly = await app().inject({
      url: '/api/v1/metrics/upload/revenue/history?resample=weekly&aggregation=mean&gapPolicy=carry_forward',
      headers: viewer,
    });
    expect(weekly.statusCode, weekly.body).toBe(200);
    const w = weekly.json();
    expect(w).toMatchObject({ resample: 'weekly', startTime: new Date(monday).toISOString(), gapCount: 1 });
    expect(w.values).toHaveLength(120);
    expect(w.filled[3]).toBe(1);
    expect(w.values[3]).toBe(w.values[2]);
    const page = await app().inject({ url: '/api/v1/metrics/upload/revenue/history?limit=50', headers: viewer });
    expect(page.json().points).toHaveLength(50);
    const next = page.json().nextAfterMs as number;
    const rest = await app().inject({
      url: `/api/v1/metrics/upload/revenue/history?limit=100&after=${next}`,
      headers: viewer,
    });
    expect(rest.json().points).toHaveLength(69);
    expect(rest.json().nextAfterMs).toBeNull();
    const badFrom = await app().inject({ url: '/api/v1/metrics/upload/revenue/history?from=soon', headers: viewer });
    expect(badFrom.json()).toMatchObject({ code: 'time_unparseable', errors: [{ field: 'from' }] });
  });

  it('lets a viewer read but not forecast or upload', async () => {
    expect((await app().inject({ url: '/api/v1/metrics', headers: viewer })).statusCode).toBe(200);
    const forecast = await app().inject({
      method: 'POST',
      url: '/api/v1/forecasts',
      headers: viewer,
      payload: { source: 'upload', metric: 'revenue', horizonSteps: 4 },
    });
    expect(forecast.statusCode).toBe(403);
    expect(forecast.json().code).toBe('forbidden');
    expect((await uploadCsv('time,value\n2024-01-01,1\n', viewer)).statusCode).toBe(403);
  });

  it('stores metrics.samples published on the bus', async () => {
    await t.nexus.bus.publish('metrics.samples', {
      source: 'economy',
      metric: 'output',
      points: [{ timeMs: monday, value: 3 }],
    });
    await t.nexus.forecasting.whenIngested();
    const history = await app().inject({ url: '/api/v1/metrics/economy/output/history', headers: viewer });
    expect(history.json().points).toEqual([
      { time: new Date(monday).toISOString(), timeMs: monday, value: 3, metadata: null },
    ]);
  });
});

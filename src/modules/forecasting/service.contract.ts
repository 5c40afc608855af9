// The forecasting service contract: idempotent upserts, atomic batches, history pages, weekly resampling,
// forecasts from stored and inline series, and bus ingestion. service.test.ts runs it on in-memory PGlite; the
// PostgreSQL services suite can call it with `freshPostgres`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/helpers/databases.js';
import { ManualClock, Prng, seedFromEnv } from '../../kernel/index.js';
import { MemoryBus } from '../../platform/bus/memory-bus.js';
import { resampleWeekly, weekMs } from './core/resample.js';
import { ForecastingService, metricsSamplesTopic } from './service.js';

const monday = Date.UTC(2021, 0, 4);
const seed = seedFromEnv();

/** A weekly series with trend, yearly season and seeded noise: `weeks` points starting on a Monday. */
function weeklyPoints(weeks: number, prng = new Prng(seed)) {
  return Array.from({ length: weeks }, (_, i) => ({
    timeMs: monday + i * weekMs,
    value: 100 + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / 52) + prng.normal(0, 2),
  }));
}

/** Runs the service contract on a database factory. */
export function forecastingServiceContract(name: string, makeDb: () => Promise<TestDatabase>): void {
  describe(`ForecastingService: ${name}`, () => {
    let db: TestDatabase;
    let service: ForecastingService;
    const clock = new ManualClock(Date.UTC(2026, 0, 5));

    beforeAll(async () => {
      db = await makeDb();
      service = new ForecastingService(db.database.db, clock);
    });
    afterAll(async () => {
      await db.drop();
    });

    it('upserts: a re-sent batch changes nothing, a changed value updates one row', async () => {
      const points = weeklyPoints(20);
      const first = await service.storePoints('test', 'upsert', points);
      expect(first).toEqual({ ok: true, value: { received: 20, inserted: 20, updated: 0, unchanged: 0 } });
      const again = await service.storePoints('test', 'upsert', points);
      expect(again).toEqual({ ok: true, value: { received: 20, inserted: 0, updated: 0, unchanged: 20 } });
      const changed = points.map((p, i) => (i === 3 ? { ...p, value: p.value + 1 } : p));
      const third = await service.storePoints('test', 'upsert', changed);
      expect(third).toEqual({ ok: true, value: { received: 20, inserted: 0, updated: 1, unchanged: 19 } });
      const series = (await service.listSeries()).find((s) => s.metric === 'upsert');
      expect(series).toEqual({
        source: 'test',
        metric: 'upsert',
        count: 20,
        firstMs: points[0]?.timeMs,
        lastMs: points[19]?.timeMs,
      });
    });

    it('refuses a batch with a non-finite value, naming the point, and stores none of it', async () => {
      const points = [
        { timeMs: monday, value: 1 },
        { timeMs: monday + weekMs, value: Number.POSITIVE_INFINITY },
      ];
      expect(await service.storePoints('test', 'atomic', points)).toMatchObject({
        ok: false,
        code: 'point_value_not_finite',
        field: 'points[1].value',
      });
      expect((await service.listSeries()).some((s) => s.metric === 'atomic')).toBe(false);
      expect(await service.storePoints('bad name', 'm', points)).toMatchObject({ ok: false, field: 'source' });
    });

    it('pages raw history with a keyset cursor and honours from/to', async () => {
      const first = await service.history('test', 'upsert', { limit: 8 });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(first.value.points).toHaveLength(8);
      const second = await service.history('test', 'upsert', { limit: 8, afterMs: first.value.nextAfterMs ?? 0 });
      const third = second.ok
        ? await service.history('test', 'upsert', { limit: 8, afterMs: second.value.nextAfterMs ?? 0 })
        : second;
      expect(third.ok && third.value.points).toHaveLength(4);
      expect(third.ok && third.value.nextAfterMs).toBeNull();
      const windowed = await service.history('test', 'upsert', {
        fromMs: monday + 2 * weekMs,
        toMs: monday + 4 * weekMs,
      });
      expect(windowed.ok && windowed.value.points.map((p) => p.timeMs)).toEqual(
        [2, 3, 4].map((i) => monday + i * weekMs),
      );
      expect(await service.history('test', 'missing', {})).toMatchObject({ ok: false, code: 'series_not_found' });
    });

    it('resamples to weeks with the stated aggregation and fills gaps visibly', async () => {
      const day = 86_400_000;
      // Two samples in week 0 (mean 15), none in week 1, one in week 2.
      await service.storePoints('test', 'gappy', [
        { timeMs: monday + day, value: 10 },
        { timeMs: monday + 3 * day, value: 20 },
        { timeMs: monday + 2 * weekMs + day, value: 35 },
      ]);
      const mean = await service.weeklyHistory('test', 'gappy', { aggregation: 'mean', gapPolicy: 'interpolate' });
      expect(mean.ok && mean.value).toMatchObject({
        startMs: monday,
        values: [15, 25, 35],
        filled: [0, 1, 0],
        gapCount: 1,
      });
      const sum = await service.weeklyHistory('test', 'gappy', { aggregation: 'sum', gapPolicy: 'zero' });
      expect(sum.ok && sum.value.values).toEqual([30, 0, 35]);
      expect(await service.weeklyHistory('test', 'gappy', { aggregation: 'mean', gapPolicy: 'reject' })).toMatchObject({
        ok: false,
        code: 'series_has_gaps',
      });
    });

    it('aggregates weeks in the database exactly as the core resamples raw samples, for every aggregation', async () => {
      const prng = new Prng(seed);
      const raw = Array.from({ length: 300 }, () => ({
        timeMs: monday + prng.int(0, 40 * 7 * 86_400_000),
        value: prng.normal(50, 20),
      }));
      const unique = [...new Map(raw.map((p) => [p.timeMs, p])).values()];
      await service.storePoints('test', 'differential', unique);
      for (const aggregation of ['mean', 'sum', 'first', 'last', 'min', 'max'] as const) {
        const fromDb = await service.weeklyHistory('test', 'differential', { aggregation, gapPolicy: 'interpolate' });
        const inCore = resampleWeekly(unique, aggregation, 'interpolate');
        expect(fromDb.ok && inCore.ok, `SEED=${seed}`).toBe(true);
        if (!fromDb.ok || !inCore.ok) return;
        expect(fromDb.value.startMs).toBe(inCore.value.startMs);
        expect(fromDb.value.filled).toEqual(Array.from(inCore.value.filled));
        expect(fromDb.value.samples).toBe(unique.length);
        fromDb.value.values.forEach((v, i) => {
          expect(v, `SEED=${seed} ${aggregation} week ${i}`).toBeCloseTo(inCore.value.values[i] as number, 9);
        });
      }
    });

    it('forecasts a stored series with intervals, the calendar and backtest metrics per model and ensemble', async () => {
      await service.storePoints('test', 'seasonal', weeklyPoints(156));
      const result = await service.forecast({ source: 'test', metric: 'seasonal', horizonSteps: 104 });
      expect(result.ok, `SEED=${seed}`).toBe(true);
      if (!result.ok) return;
      const f = result.value;
      expect(f.calendar).toMatchObject({ historyStartMs: monday, forecastStartMs: monday + 156 * weekMs, weeks: 156 });
      expect(f.ensemble.mean).toHaveLength(104);
      for (let h = 0; h < 104; h++) {
        expect(f.ensemble.lower[h]).toBeLessThan(f.ensemble.mean[h] as number);
        expect(f.ensemble.upper[h]).toBeGreaterThan(f.ensemble.mean[h] as number);
      }
      expect(f.ensemble.backtest.mase, `SEED=${seed}`).toBeGreaterThan(0);
      expect(f.models.length).toBeGreaterThanOrEqual(5);
      expect(f.models.every((m) => m.backtest === null || m.backtest.points > 0)).toBe(true);
      expect(f.generatedAtMs).toBe(clock.nowMs());
      expect(f.history.values).toHaveLength(156);
    });

    it('forecasts inline values and refuses NaN, ambiguity and a horizon above 100 years', async () => {
      const values = weeklyPoints(60).map((p) => p.value);
      const inline = await service.forecast({ values, horizonSteps: 10, startMs: monday + 3 * 86_400_000 });
      expect(inline.ok && inline.value.calendar).toMatchObject({ historyStartMs: monday, weeks: 60 });
      const nan = await service.forecast({ values: [...values.slice(0, 30), Number.NaN], horizonSteps: 4 });
      expect(nan).toMatchObject({ ok: false, code: 'series_value_not_finite', field: 'values[30]' });
      expect(await service.forecast({ values, source: 'test', metric: 'seasonal', horizonSteps: 4 })).toMatchObject({
        ok: false,
        code: 'forecast_input_ambiguous',
      });
      expect(await service.forecast({ values, horizonSteps: 5219 })).toMatchObject({
        ok: false,
        code: 'horizon_steps_above_max',
      });
    });

    it('stores metrics.samples bus messages and counts the ones it refuses', async () => {
      const bus = new MemoryBus();
      await service.startIngestion(bus);
      await bus.publish(metricsSamplesTopic, {
        source: 'economy',
        metric: 'gdp',
        points: [{ timeMs: monday, value: 1.5, metadata: { run: 7 } }],
      });
      await bus.publish(metricsSamplesTopic, {
        source: 'economy',
        metric: 'gdp',
        points: [{ timeMs: monday, value: 'x' }],
      });
      await bus.publish(metricsSamplesTopic, 'not an object');
      await service.whenIngested();
      const stats = service.ingestionStats();
      expect(stats).toMatchObject({ stored: 1, rejected: 2, dropped: 0 });
      const stored = await service.history('economy', 'gdp', {});
      expect(stored.ok && stored.value.points).toEqual([{ timeMs: monday, value: 1.5, metadata: { run: 7 } }]);
      await bus.close();
    });

    it('stores messages that queue up together in one transaction, as if one after another', async () => {
      // Counts the service's transactions and statements outside them: one transaction per message was most of the
      // database work behind each order.
      let writes = 0;
      const inner = db.database.db;
      const counted = new Proxy(inner, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (prop === 'transaction' || prop === 'execute') {
            return (...args: unknown[]) => {
              writes++;
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const batched = new ForecastingService(counted, clock);
      const bus = new MemoryBus();
      await batched.startIngestion(bus);
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 40; i++) {
        const point = { timeMs: monday + i * weekMs, value: i };
        sends.push(bus.publish(metricsSamplesTopic, { source: 'exchange', metric: 'X.last_price', points: [point] }));
        if (i === 20) sends.push(bus.publish(metricsSamplesTopic, { source: 'exchange', metric: 'X.last_price' }));
      }
      // A later message for a time already sent replaces that point, as it would one message at a time.
      const again = { timeMs: monday + 5 * weekMs, value: 99 };
      sends.push(bus.publish(metricsSamplesTopic, { source: 'exchange', metric: 'X.last_price', points: [again] }));
      await Promise.all(sends);
      await batched.whenIngested();
      expect(batched.ingestionStats()).toMatchObject({ stored: 41, rejected: 1, dropped: 0 });
      expect(batched.ingestionStats().lastRejection).toMatch(/^points_empty/);
      expect(writes).toBeLessThanOrEqual(3);
      const stored = await batched.history('exchange', 'X.last_price', {});
      const values = stored.ok ? stored.value.points.map((p) => p.value) : [];
      expect(values).toEqual(Array.from({ length: 40 }, (_, i) => (i === 5 ? 99 : i)));
      await bus.close();
    });
  });
}

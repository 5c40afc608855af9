// The alerts API end to end on in-memory PGlite: rule CRUD and validation, evaluation of bus samples with the
// cool-down, acknowledgement, the WebSocket channel, and a signed webhook delivered (after a retry) to 127.0.0.1.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { memoryPglite, type TestDatabase } from '../../../test/helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from '../../../test/helpers/nexus.js';
import { verifyWebhookSignature, webhookSignatureHeader } from './webhook-signature.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are untyped JSON read only by assertions
type Json = Record<string, any>;

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('alerts API', () => {
  let db: TestDatabase;
  let t: TestNexus;
  const token: Record<string, string> = {};

  const call = async (who: string, method: string, url: string, payload?: unknown) => {
    const res = await t.nexus.app.inject({
      method: method as 'GET',
      url,
      headers: bearer(token[who] as string),
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Json };
  };
  const publish = (metric: string, points: { timeMs: number; value: number }[], source = 'test') =>
    t.nexus.bus.publish('metrics.samples', { source, metric, points });
  const eventsOf = async (ruleId: number) =>
    ((await call('admin', 'GET', '/api/v1/alerts/events?limit=200')).body.items as Json[]).filter(
      (e) => e.ruleId === ruleId,
    );
  const rule = (overrides: Json = {}) => ({
    metric: 'test.load',
    condition: '>',
    threshold: 10,
    severity: 'warning',
    ...overrides,
  });

  beforeAll(async () => {
    db = await memoryPglite();
    t = await testNexus(db);
    token.admin = (await login(t.nexus.app, 'admin', adminPassword)).body.accessToken;
    const password = 'Alarm-Watcher-Pass-3';
    await call('admin', 'POST', '/api/v1/admin/users', { username: 'vera', password, role: 'viewer' });
    token.vera = (await login(t.nexus.app, 'vera', password)).body.accessToken;
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('creates, lists, replaces and deletes rules, and names every bad field', async () => {
    const created = await call('admin', 'POST', '/api/v1/alerts/rules', rule({ cooldownSeconds: 30 }));
    expect(created.status).toBe(201);
    expect(created.body.rule).toMatchObject({
      metric: 'test.load',
      enabled: true,
      cooldownSeconds: 30,
      direction: 'any',
    });
    expect(created.body.webhookSecret).toBeUndefined();
    const id = created.body.rule.id as number;

    const bad = await call('admin', 'POST', '/api/v1/alerts/rules', {
      ...rule({ condition: 'equals', severity: 'urgent', webhookUrl: 'ftp://127.0.0.1/hook' }),
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).map((e) => `${e.field} ${e.code}`)).toEqual([
      'condition unknown_condition',
      'severity unknown_severity',
      'webhookUrl webhook_url_invalid',
    ]);
    const zscore = await call('admin', 'POST', '/api/v1/alerts/rules', rule({ condition: 'zscore', threshold: 3 }));
    expect(zscore.body.errors[0]).toMatchObject({ field: 'windowSize' });

    const replaced = await call('admin', 'PUT', `/api/v1/alerts/rules/${id}`, rule({ threshold: 20, enabled: false }));
    expect(replaced.body.rule).toMatchObject({ id, threshold: 20, enabled: false, cooldownSeconds: 0 });
    expect((await call('vera', 'GET', '/api/v1/alerts/rules')).body.items).toEqual([replaced.body.rule]);
    expect((await call('vera', 'POST', '/api/v1/alerts/rules', rule())).status).toBe(403);
    expect((await call('admin', 'DELETE', `/api/v1/alerts/rules/${id}`)).status).toBe(204);
    expect((await call('admin', 'PUT', `/api/v1/alerts/rules/${id}`, rule())).status).toBe(404);
    expect((await call('admin', 'GET', '/api/v1/alerts/rules')).body.items).toEqual([]);
  });

  it('stores an event from a bus sample, respects the cool-down, and acknowledges', async () => {
    const created = await call(
      'admin',
      'POST',
      '/api/v1/alerts/rules',
      rule({ metric: 'test.heat', cooldownSeconds: 60 }),
    );
    const id = created.body.rule.id as number;
    const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);
    // Source "test" + metric "heat" is matched by the qualified name test.heat.
    await publish('heat', [{ timeMs: t0, value: 11 }]);
    await publish('heat', [{ timeMs: t0 + 1_000, value: 12 }]); // inside the cool-down
    await publish('heat', [{ timeMs: t0 + 2_000, value: 3 }]); // below the threshold
    await publish('heat', [{ timeMs: t0 + 61_000, value: 13 }]); // cool-down over
    const events = await until(async () => {
      const found = await eventsOf(id);
      return found.length >= 2 ? found : undefined;
    }, 'two events');
    expect(events.map((e) => e.value)).toEqual([13, 11]);
    expect(events[1]).toMatchObject({ acknowledged: false, triggeredAt: new Date(t0).toISOString() });
    expect(events[1]?.details).toMatchObject({ observed: 11, condition: '>', threshold: 10, source: 'test' });

    const target = events[1]?.id as number;
    expect((await call('vera', 'POST', `/api/v1/alerts/events/${target}/acknowledge`)).status).toBe(403);
    const acked = await call('admin', 'POST', `/api/v1/alerts/events/${target}/acknowledge`);
    expect(acked.body).toMatchObject({ id: target, acknowledged: true });
    const open = await call('vera', 'GET', '/api/v1/alerts/events?unacknowledged=true');
    expect(open.body.items.map((e: Json) => e.id)).not.toContain(target);
    expect(open.body.items.map((e: Json) => e.id)).toContain(events[0]?.id);
    expect((await call('admin', 'POST', '/api/v1/alerts/events/999999/acknowledge')).status).toBe(404);
  });

  it('raises an event from a simulation run and announces it on the alerts channel', async () => {
    const created = await call(
      'admin',
      'POST',
      '/api/v1/alerts/rules',
      rule({ metric: 'simulation.final_n', threshold: 0 }),
    );
    const address = await t.nexus.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = new WebSocket(`${address.replace('http', 'ws')}/ws`);
    const inbox: Json[] = [];
    socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ op: 'auth', token: token.vera }));
    await until(async () => inbox.find((m) => m.op === 'authenticated'), 'authentication');
    socket.send(JSON.stringify({ op: 'subscribe', channel: 'alerts' }));
    await until(async () => inbox.find((m) => m.op === 'subscribed'), 'subscription');

    const parameters = {
      alpha: 1,
      beta: 0,
      gamma: 0,
      delta: 0.5,
      n0: 1,
      dt: 0.1,
      steps: 100,
      integrator: 'euler',
      signals: {
        C: { type: 'constant', value: 2 },
        D: { type: 'constant', value: 0 },
        E: { type: 'constant', value: 0 },
      },
    };
    const run = await call('admin', 'POST', '/api/v1/simulations', { parameters });
    expect(run.status).toBe(201);
    // The bare metric name matches the economy source's simulation.final_n.
    const notice = await until(async () => inbox.find((m) => m.op === 'event' && m.channel === 'alerts'), 'alert');
    expect(notice.data).toMatchObject({
      type: 'triggered',
      event: {
        ruleId: created.body.rule.id,
        value: run.body.metrics.finalN,
        details: { metadata: { runId: run.body.id } },
      },
    });
    socket.close();
  });

  it('delivers a signed webhook to a local receiver, retrying after a failure', async () => {
    const received: { body: string; headers: IncomingMessage['headers'] }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        res.statusCode = received.length === 1 ? 503 : 204; // the first attempt fails
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const created = await call(
        'admin',
        'POST',
        '/api/v1/alerts/rules',
        rule({ metric: 'test.pressure', webhookUrl: `http://127.0.0.1:${port}/hooks/nexus` }),
      );
      const secret = created.body.webhookSecret as string;
      expect(secret).toMatch(/^whsec_/);
      expect(JSON.stringify((await call('admin', 'GET', '/api/v1/alerts/rules')).body)).not.toContain(secret);
      await publish('pressure', [{ timeMs: Date.UTC(2026, 0, 5, 12, 0, 0), value: 99 }]);
      await until(async () => (received.length >= 2 ? true : undefined), 'two webhook attempts', 10_000);
      const nowSeconds = Math.floor(t.clock.nowMs() / 1000);
      for (const attempt of received) {
        const header = attempt.headers[webhookSignatureHeader] as string;
        expect(verifyWebhookSignature(attempt.body, header, secret, nowSeconds).ok).toBe(true);
        expect(verifyWebhookSignature(attempt.body, header, 'whsec_wrong', nowSeconds).ok).toBe(false);
      }
      const payload = JSON.parse(received[1]?.body ?? '{}') as Json;
      expect(payload).toMatchObject({
        type: 'alert.triggered',
        rule: { id: created.body.rule.id },
        event: { value: 99 },
      });
      expect(received[1]?.headers['x-nexus-event-id']).toBe(String(payload.event.id));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

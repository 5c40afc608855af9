// The WebSocket hub end to end: authenticate, subscribe only to permitted channels, receive published events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { memoryPglite, type TestDatabase } from './helpers/databases.js';
import { adminPassword, bearer, login, type TestNexus, testNexus } from './helpers/nexus.js';

function client(url: string) {
  const socket = new WebSocket(url);
  const inbox: Record<string, unknown>[] = [];
  socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString())));
  const next = async (predicate: (m: Record<string, unknown>) => boolean, ms = 5000) => {
    const start = Date.now();
    for (;;) {
      const found = inbox.find(predicate);
      if (found) return found;
      if (Date.now() - start > ms) throw new Error(`no matching message; got ${JSON.stringify(inbox)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, inbox, next, opened, send: (m: unknown) => socket.send(JSON.stringify(m)) };
}

describe('WebSocket hub', () => {
  let db: TestDatabase;
  let t: TestNexus;
  let base: string;
  beforeAll(async () => {
    db = await memoryPglite();
    t = await testNexus(db);
    t.nexus.hub.registerChannel('audit-feed', { permission: 'audit:read' });
    t.nexus.hub.registerChannel('orders', { permission: 'account:self', private: true });
    t.nexus.hub.registerChannel('ticks', { permission: 'account:self' });
    const address = await t.nexus.app.listen({ port: 0, host: '127.0.0.1' });
    base = address.replace('http', 'ws');
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  /** Signs in as admin, creates viewer `username` and signs it in; returns both sessions and the viewer's id. */
  async function adminAndNewViewer(username: string) {
    const admin = await login(t.nexus.app, 'admin', adminPassword);
    const created = await t.nexus.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: bearer(admin.body.accessToken),
      payload: { username, password: 'Glass-Eye-Pass-123', role: 'viewer' },
    });
    const viewer = await login(t.nexus.app, username, 'Glass-Eye-Pass-123');
    return { admin, viewer, viewerId: (created.json() as { id: string }).id };
  }

  it('refuses subscriptions before authentication and for channels the role may not read', async () => {
    const { viewer } = await adminAndNewViewer('watcher');
    const c = client(`${base}/ws`);
    await c.opened;
    c.send({ op: 'subscribe', channel: 'audit-feed' });
    await c.next((m) => m.code === 'unauthenticated');
    c.send({ op: 'auth', token: viewer.body.accessToken });
    await c.next((m) => m.op === 'authenticated');
    c.send({ op: 'subscribe', channel: 'audit-feed' });
    expect(await c.next((m) => m.op === 'error' && m.channel === 'audit-feed')).toMatchObject({ code: 'forbidden' });
    c.send({ op: 'subscribe', channel: 'no-such-channel' });
    await c.next((m) => m.code === 'channel_unknown');
    c.socket.close();
  });

  it('delivers channel events to permitted subscribers and private events only to their user', async () => {
    const admin = await login(t.nexus.app, 'admin', adminPassword);
    const c = client(`${base}/ws?token=${admin.body.accessToken}`);
    await c.opened;
    await c.next((m) => m.op === 'authenticated');
    c.send({ op: 'subscribe', channel: 'audit-feed' });
    c.send({ op: 'subscribe', channel: 'orders' });
    await c.next((m) => m.op === 'subscribed' && m.channel === 'orders');
    await t.nexus.hub.publish('audit-feed', { n: 1 });
    await t.nexus.hub.publish('orders', { mine: false }, { userId: 'someone-else' });
    await t.nexus.hub.publish('orders', { mine: true }, { userId: (admin.body.user as { id: string }).id });
    expect(await c.next((m) => m.op === 'event' && m.channel === 'audit-feed')).toMatchObject({
      op: 'event',
      data: { n: 1 },
    });
    expect(await c.next((m) => m.op === 'event' && m.channel === 'orders')).toMatchObject({ data: { mine: true } });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.inbox.filter((m) => m.op === 'event' && m.channel === 'orders')).toHaveLength(1);
    c.socket.close();
  });

  it('delivers a keyed event once to each subscriber of its key or of the whole channel, and forgets closed clients', async () => {
    const admin = await login(t.nexus.app, 'admin', adminPassword);
    const token = admin.body.accessToken as string;
    const [a, b, c] = [
      client(`${base}/ws?token=${token}`),
      client(`${base}/ws?token=${token}`),
      client(`${base}/ws?token=${token}`),
    ];
    for (const x of [a, b, c]) {
      await x.opened;
      await x.next((m) => m.op === 'authenticated');
    }
    a.send({ op: 'subscribe', channel: 'ticks', key: 'BTC' });
    b.send({ op: 'subscribe', channel: 'ticks' });
    c.send({ op: 'subscribe', channel: 'ticks', key: 'BTC' });
    c.send({ op: 'subscribe', channel: 'ticks' });
    await a.next((m) => m.op === 'subscribed');
    await b.next((m) => m.op === 'subscribed');
    await c.next((m) => m.op === 'subscribed' && m.key === undefined);
    await t.nexus.hub.publish('ticks', { n: 1 }, { key: 'BTC' });
    await t.nexus.hub.publish('ticks', { n: 2 }, { key: 'ETH' });
    await t.nexus.hub.publish('ticks', { n: 3 });
    await b.next((m) => m.op === 'event' && (m.data as { n: number }).n === 3);
    await c.next((m) => m.op === 'event' && (m.data as { n: number }).n === 3);
    await new Promise((r) => setTimeout(r, 100));
    const seen = (x: ReturnType<typeof client>) =>
      x.inbox.filter((m) => m.op === 'event').map((m) => (m.data as { n: number }).n);
    expect(seen(a)).toEqual([1]);
    expect(seen(b)).toEqual([1, 2, 3]);
    expect(seen(c)).toEqual([1, 2, 3]);
    const closed = new Promise((r) => c.socket.once('close', r));
    c.socket.close();
    await closed;
    await new Promise((r) => setTimeout(r, 50));
    await t.nexus.hub.publish('ticks', { n: 4 }, { key: 'BTC' });
    await a.next((m) => m.op === 'event' && (m.data as { n: number }).n === 4);
    await b.next((m) => m.op === 'event' && (m.data as { n: number }).n === 4);
    a.socket.close();
    b.socket.close();
  });

  it('drops what a client may no longer read when it authenticates again as someone else', async () => {
    const { admin, viewer } = await adminAndNewViewer('second-look');
    const c = client(`${base}/ws?token=${admin.body.accessToken}`);
    await c.opened;
    await c.next((m) => m.op === 'authenticated');
    c.send({ op: 'subscribe', channel: 'audit-feed' });
    c.send({ op: 'subscribe', channel: 'orders' });
    await c.next((m) => m.op === 'subscribed' && m.channel === 'orders');
    c.send({ op: 'auth', token: viewer.body.accessToken });
    expect(await c.next((m) => m.op === 'unsubscribed')).toMatchObject({ channel: 'audit-feed', reason: 'forbidden' });
    await t.nexus.hub.publish('audit-feed', { n: 1 });
    await t.nexus.hub.publish('orders', { for: 'admin' }, { userId: (admin.body.user as { id: string }).id });
    await t.nexus.hub.publish('orders', { for: 'viewer' }, { userId: (viewer.body.user as { id: string }).id });
    expect(await c.next((m) => m.op === 'event')).toMatchObject({ channel: 'orders', data: { for: 'viewer' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.inbox.filter((m) => m.op === 'event')).toHaveLength(1);
    c.socket.close();
  });

  it('closes sockets whose user was disabled or whose token expired at the next recheck, and keeps the others', async () => {
    const { admin, viewer: leaving, viewerId } = await adminAndNewViewer('soon-gone');
    const staying = client(`${base}/ws?token=${admin.body.accessToken}`);
    const gone = client(`${base}/ws?token=${leaving.body.accessToken}`);
    for (const x of [staying, gone]) {
      await x.opened;
      await x.next((m) => m.op === 'authenticated');
      x.send({ op: 'subscribe', channel: 'ticks' });
      await x.next((m) => m.op === 'subscribed');
    }
    const goneClosed = new Promise<number>((resolve) => gone.socket.once('close', (code) => resolve(code)));
    await t.nexus.hub.recheck();
    await new Promise((r) => setTimeout(r, 50));
    expect(gone.socket.readyState).toBe(WebSocket.OPEN);
    await t.nexus.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${viewerId}/disable`,
      headers: bearer(admin.body.accessToken),
    });
    t.clock.advance(3_000); // past the 2 s for which a user's enabled state is trusted
    await t.nexus.hub.recheck();
    expect(await goneClosed).toBe(4401);
    await t.nexus.hub.publish('ticks', { n: 1 });
    await staying.next((m) => m.op === 'event');
    const stayingClosed = new Promise<number>((resolve) => staying.socket.once('close', (code) => resolve(code)));
    t.clock.advance(15 * 60_000); // the admin's access token expires
    await t.nexus.hub.recheck();
    expect(await stayingClosed).toBe(4401);
    expect(staying.inbox).toContainEqual({ op: 'error', code: 'token_expired' });
  });

  it('closes the socket when the token is invalid', async () => {
    const c = client(`${base}/ws?token=bogus`);
    await c.opened;
    const code = await new Promise<number>((resolve) => c.socket.once('close', (n) => resolve(n)));
    expect(code).toBe(4401);
  });
});

// Tests for the WebSocket client: auth before subscribe, event routing, re-auth and resubscribe after a drop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reconnectDelayMaxMs, reconnectDelayMs, type SocketLike, WsClient } from './ws.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSays(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('WebSocket client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('authenticates, then subscribes, and routes events to the matching key only', async () => {
    const sockets: FakeSocket[] = [];
    const client = new WsClient({
      token: async () => 'tok-1',
      url: () => 'ws://test/ws',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    });
    const btc: unknown[] = [];
    const eth: unknown[] = [];
    client.subscribe('market-updates', 'BTC-USD', (data) => btc.push(data));
    client.subscribe('market-updates', 'ETH-USD', (data) => eth.push(data));
    expect(sockets).toHaveLength(1);
    sockets[0]!.open();
    await settle();
    expect(sockets[0]!.sent).toEqual([{ op: 'auth', token: 'tok-1' }]);
    sockets[0]!.serverSays({ op: 'authenticated', user: { id: 'u', role: 'admin' } });
    expect(client.status).toBe('live');
    expect(sockets[0]!.sent.slice(1)).toEqual([
      { op: 'subscribe', channel: 'market-updates', key: 'BTC-USD' },
      { op: 'subscribe', channel: 'market-updates', key: 'ETH-USD' },
    ]);
    sockets[0]!.serverSays({ op: 'event', channel: 'market-updates', key: 'BTC-USD', data: { seq: 1 } });
    expect(btc).toEqual([{ seq: 1 }]);
    expect(eth).toEqual([]);
    // A keyless subscription hears every key of its channel, as the server's hub delivers it.
    const all: unknown[] = [];
    client.subscribe('market-updates', undefined, (data) => all.push(data));
    sockets[0]!.serverSays({ op: 'event', channel: 'market-updates', key: 'ETH-USD', data: { seq: 2 } });
    expect(all).toEqual([{ seq: 2 }]);
    expect(eth).toEqual([{ seq: 2 }]);
    expect(btc).toHaveLength(1);
  });

  it('reconnects with backoff, refreshes a refused token, re-auths, resubscribes and resets consumers', async () => {
    const sockets: FakeSocket[] = [];
    let token = 'old';
    const refresh = vi.fn(async () => {
      token = 'new';
    });
    const client = new WsClient({
      token: async () => token,
      refreshToken: refresh,
      url: () => 'ws://test/ws',
      backoffMs: () => 1000,
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    });
    const resets = vi.fn();
    client.subscribe('orders', undefined, () => undefined, resets);
    sockets[0]!.open();
    await settle();
    sockets[0]!.serverSays({ op: 'authenticated' });
    expect(resets).not.toHaveBeenCalled();

    sockets[0]!.drop();
    expect(client.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    await settle();
    sockets[1]!.serverSays({ op: 'error', code: 'token_expired' });
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    await settle();
    expect(sockets[2]!.sent[0]).toEqual({ op: 'auth', token: 'new' });
    sockets[2]!.serverSays({ op: 'authenticated' });
    expect(sockets[2]!.sent[1]).toEqual({ op: 'subscribe', channel: 'orders' });
    expect(resets).toHaveBeenCalledTimes(1);
  });

  it('refreshes the token before reconnecting when the server refuses it mid-session', async () => {
    const sockets: FakeSocket[] = [];
    const refresh = vi.fn(async () => undefined);
    const client = new WsClient({
      token: async () => (refresh.mock.calls.length > 0 ? 'fresh' : 'stale'),
      refreshToken: refresh,
      url: () => 'ws://test/ws',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    });
    client.subscribe('orders', undefined, () => undefined);
    sockets[0]!.open();
    await settle();
    sockets[0]!.serverSays({ op: 'authenticated' });
    sockets[0]!.serverSays({ op: 'error', code: 'token_expired' });
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(refresh).toHaveBeenCalledTimes(1);
    sockets[1]!.open();
    await settle();
    expect(sockets[1]!.sent[0]).toEqual({ op: 'auth', token: 'fresh' });
  });

  it('closes the socket when the last subscription ends', async () => {
    const socket = new FakeSocket();
    const client = new WsClient({ token: async () => 't', url: () => 'ws://x', createSocket: () => socket });
    const stop = client.subscribe('orders', undefined, () => undefined);
    socket.open();
    await settle();
    socket.serverSays({ op: 'authenticated' });
    stop();
    expect(socket.sent.at(-1)).toEqual({ op: 'unsubscribe', channel: 'orders' });
    expect(socket.closedWith).toBe(1000);
    expect(client.status).toBe('idle');
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(reconnectDelayMs(0, 1)).toBe(500);
    expect(reconnectDelayMs(0, 0)).toBe(250);
    expect(reconnectDelayMs(3, 1)).toBe(4000);
    expect(reconnectDelayMs(40, 1)).toBe(reconnectDelayMaxMs);
    for (let attempt = 0; attempt < 30; attempt++) {
      expect(reconnectDelayMs(attempt + 1, 1)).toBeGreaterThanOrEqual(reconnectDelayMs(attempt, 1));
    }
  });
});

// The hub's socket lifecycle without a network: a fake socket, a fake credential check and the in-process bus.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err, limits, ok } from '../../kernel/index.js';
import type { Principal } from '../auth/auth-service.js';
import { MemoryBus } from '../bus/memory-bus.js';
import { WsHub } from './ws-hub.js';

class FakeSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  private readonly listeners = new Map<string, ((data?: unknown) => void)[]>();
  on(event: string, listener: (data?: unknown) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  send(frame: string): void {
    this.sent.push(JSON.parse(frame));
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
    for (const listener of this.listeners.get('close') ?? []) listener();
  }
  says(message: unknown): void {
    for (const listener of this.listeners.get('message') ?? []) listener(Buffer.from(JSON.stringify(message)));
  }
}

const principal: Principal = {
  userId: 'u1',
  username: 'ada',
  role: 'trader',
  permissions: ['account:self'],
  via: 'token',
};
const auth = {
  authenticateToken: async (token: string) => (token === 'good' ? ok(principal) : err('token_invalid')),
  authenticateApiKey: async () => err('api_key_invalid'),
};

describe('WsHub sockets', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes a socket that does not authenticate in time, and keeps one that does', async () => {
    const hub = new WsHub(new MemoryBus(), auth as never, { authTimeoutMs: 1_000 });
    const silent = new FakeSocket();
    const prompt = new FakeSocket();
    hub.accept(silent as never, undefined);
    hub.accept(prompt as never, undefined);
    prompt.says({ op: 'auth', token: 'good' });
    await vi.advanceTimersByTimeAsync(999);
    expect(silent.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(silent.closedWith).toBe(4401);
    expect(silent.sent.at(-1)).toEqual({ op: 'error', code: 'auth_timeout' });
    expect(prompt.closedWith).toBeUndefined();
    expect(prompt.sent.map((m) => m.op)).toEqual(['welcome', 'authenticated']);
  });

  it("handles a socket's messages in order, so a subscribe right behind an auth waits for the auth check", async () => {
    // The credential check takes 50 ms, as a database lookup may.
    const slow = {
      authenticateToken: async (token: string) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return token === 'good' ? ok(principal) : err('token_invalid');
      },
      authenticateApiKey: async () => err('api_key_invalid'),
    };
    const hub = new WsHub(new MemoryBus(), slow as never, {});
    hub.registerChannel('notes', { permission: 'account:self' });
    const pipelined = new FakeSocket();
    hub.accept(pipelined as never, undefined);
    pipelined.says({ op: 'auth', token: 'good' });
    pipelined.says({ op: 'subscribe', channel: 'notes' });
    await vi.advanceTimersByTimeAsync(60);
    expect(pipelined.sent.map((m) => m.op)).toEqual(['welcome', 'authenticated', 'subscribed']);
    // A token in the URL is checked in the same queue.
    const viaUrl = new FakeSocket();
    hub.accept(viaUrl as never, 'good');
    viaUrl.says({ op: 'subscribe', channel: 'notes' });
    await vi.advanceTimersByTimeAsync(60);
    expect(viaUrl.sent.map((m) => m.op)).toEqual(['authenticated', 'subscribed']);
  });

  it('closes a socket that sends far ahead of what the hub has handled', async () => {
    const stalled = {
      authenticateToken: () => new Promise(() => {}),
      authenticateApiKey: async () => err('api_key_invalid'),
    };
    const hub = new WsHub(new MemoryBus(), stalled as never, {});
    const flooding = new FakeSocket();
    hub.accept(flooding as never, undefined);
    flooding.says({ op: 'auth', token: 'good' });
    for (let i = 0; i < limits.webSocketPendingMessagesMax - 1; i++) flooding.says({ op: 'ping' });
    expect(flooding.closedWith).toBeUndefined();
    flooding.says({ op: 'ping' });
    expect(flooding.closedWith).toBe(1008);
  });
});

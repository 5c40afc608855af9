// The hub's socket lifecycle without a network: a fake socket, a fake credential check and the in-process bus.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../kernel/index.js';
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
});

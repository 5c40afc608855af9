// Tests for the API client: token keeping, one refresh per expired request, shared refreshes, problem parsing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, readProblem, refreshTokenKey, type TokenStorage } from './api.js';

class MemoryStorage implements TokenStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}

interface Call {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function problemResponse(status: number, code: string): Response {
  const body = { type: 'about:blank', title: code, status, code, detail: `detail ${code}` };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}

// A fake server whose refresh endpoint rotates tokens the way the real one does.
function fakeServer(handler: Handler) {
  const calls: Call[] = [];
  let generation = 0;
  const session = () => ({
    accessToken: `access-${generation}`,
    refreshToken: `refresh-${generation}`,
    expiresIn: 900,
    user: { id: '1', username: 'ada', role: 'admin', theme: 'modern-financial', mfaEnabled: false, permissions: [] },
  });
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input), 'http://nexus.test');
    const headers = new Headers(init?.headers);
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      authorization: headers.get('authorization'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    if (call.path === '/api/v1/auth/login') {
      generation += 1;
      return jsonResponse(session());
    }
    if (call.path === '/api/v1/auth/refresh') {
      const presented = (call.body as { refreshToken: string }).refreshToken;
      if (presented !== `refresh-${generation}`) return problemResponse(401, 'refresh_token_reused');
      generation += 1;
      return jsonResponse(session());
    }
    return handler(call);
  };
  return { calls, fetchImpl, currentAccess: () => `Bearer access-${generation}` };
}

// Answers 200 only to the newest access token, 401 token_expired otherwise.
function onlyCurrentToken(server: { currentAccess(): string }): Handler {
  return (call) =>
    call.authorization === server.currentAccess() ? jsonResponse({ ok: true }) : problemResponse(401, 'token_expired');
}

function refreshCount(calls: Call[]): number {
  return calls.filter((call) => call.path === '/api/v1/auth/refresh').length;
}

describe('ApiClient', () => {
  it('keeps the refresh token in storage and sends the access token as a bearer', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer((call) => jsonResponse({ seen: call.authorization }));
    const client = new ApiClient({ fetch: server.fetchImpl, storage });
    await client.login({ username: 'ada', password: 'pw' });
    expect(storage.getItem(refreshTokenKey)).toBe('refresh-1');
    expect(await client.get<{ seen: string }>('/me')).toEqual({ seen: 'Bearer access-1' });
    expect(server.calls[0]?.authorization).toBeNull();
  });

  it('changes the password with the current access token and keeps the new session the server returns', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer((call) =>
      call.path === '/api/v1/me/password'
        ? jsonResponse({ accessToken: 'access-new', refreshToken: 'refresh-new', expiresIn: 900, user: {} })
        : jsonResponse({ seen: call.authorization }),
    );
    const client = new ApiClient({ fetch: server.fetchImpl, storage });
    await client.login({ username: 'ada', password: 'pw' });
    await client.changePassword('Old-Pass-Word-1', 'New-Pass-Word-2');
    const change = server.calls.find((call) => call.path === '/api/v1/me/password');
    expect(change).toMatchObject({
      method: 'POST',
      authorization: 'Bearer access-1',
      body: { currentPassword: 'Old-Pass-Word-1', newPassword: 'New-Pass-Word-2' },
    });
    expect(storage.getItem(refreshTokenKey)).toBe('refresh-new');
    expect(await client.get<{ seen: string }>('/me')).toEqual({ seen: 'Bearer access-new' });
  });

  it('refreshes once on token_expired, retries, and stores the rotated refresh token', async () => {
    const storage = new MemoryStorage();
    let expireOnce = true;
    const server = fakeServer((call) => {
      if (expireOnce) {
        expireOnce = false;
        return problemResponse(401, 'token_expired');
      }
      return jsonResponse({ seen: call.authorization });
    });
    const client = new ApiClient({ fetch: server.fetchImpl, storage });
    await client.login({ username: 'ada', password: 'pw' });
    expect(await client.get('/audit')).toEqual({ seen: 'Bearer access-2' });
    expect(refreshCount(server.calls)).toBe(1);
    expect(storage.getItem(refreshTokenKey)).toBe('refresh-2');
  });

  it('shares one refresh between concurrent requests that all find the token expired', async () => {
    const storage = new MemoryStorage();
    let server: ReturnType<typeof fakeServer> | undefined;
    server = fakeServer((call) => onlyCurrentToken(server!)(call));
    const client = new ApiClient({ fetch: server.fetchImpl, storage });
    await client.login({ username: 'ada', password: 'pw' });
    // Another tab sharing the storage rotates the tokens, so this client's access token goes stale.
    await new ApiClient({ fetch: server.fetchImpl, storage }).refresh();
    const results = await Promise.all([client.get('/a'), client.get('/b'), client.get('/c'), client.get('/d')]);
    expect(results).toEqual(Array(4).fill({ ok: true }));
    // One refresh by the other tab, then exactly one shared by the four stale requests.
    expect(refreshCount(server.calls)).toBe(2);
  });

  it('serialises refreshes across tabs through the lock, so two tabs never present the same token', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer(() => jsonResponse({}));
    let queue: Promise<unknown> = Promise.resolve();
    const lock = <T>(_name: string, task: () => Promise<T>): Promise<T> => {
      const run = queue.then(task);
      queue = run.catch(() => undefined);
      return run;
    };
    await new ApiClient({ fetch: server.fetchImpl, storage, lock }).login({ username: 'ada', password: 'pw' });
    const tabA = new ApiClient({ fetch: server.fetchImpl, storage, lock });
    const tabB = new ApiClient({ fetch: server.fetchImpl, storage, lock });
    await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect(storage.getItem(refreshTokenKey)).toBe('refresh-3');
  });

  it('without a lock two tabs refreshing at once trip reuse detection (why the lock exists)', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer(() => jsonResponse({}));
    const noLock = <T>(_name: string, task: () => Promise<T>): Promise<T> => task();
    await new ApiClient({ fetch: server.fetchImpl, storage, lock: noLock }).login({ username: 'ada', password: 'pw' });
    const tabA = new ApiClient({ fetch: server.fetchImpl, storage, lock: noLock });
    const tabB = new ApiClient({ fetch: server.fetchImpl, storage, lock: noLock });
    const results = await Promise.allSettled([tabA.refresh(), tabB.refresh()]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('retries only once: a second token_expired is passed to the caller', async () => {
    const server = fakeServer(() => problemResponse(401, 'token_expired'));
    const client = new ApiClient({ fetch: server.fetchImpl, storage: new MemoryStorage() });
    await client.login({ username: 'ada', password: 'pw' });
    await expect(client.get('/me')).rejects.toMatchObject({ code: 'token_expired', status: 401 });
    expect(refreshCount(server.calls)).toBe(1);
  });

  it('ends the session when the refresh token is rejected', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer(() => problemResponse(401, 'token_expired'));
    const client = new ApiClient({ fetch: server.fetchImpl, storage });
    await client.login({ username: 'ada', password: 'pw' });
    storage.setItem(refreshTokenKey, 'refresh-stolen');
    const ended: string[] = [];
    client.onSessionEnded((error) => ended.push(error.code));
    await expect(client.get('/me')).rejects.toMatchObject({ code: 'refresh_token_reused' });
    expect(ended).toEqual(['refresh_token_reused']);
    expect(storage.getItem(refreshTokenKey)).toBeNull();
    expect(client.hasStoredSession()).toBe(false);
  });

  it('resumes a stored session by refreshing before the first authenticated call', async () => {
    const storage = new MemoryStorage();
    const first = fakeServer(() => jsonResponse({}));
    await new ApiClient({ fetch: first.fetchImpl, storage }).login({ username: 'ada', password: 'pw' });
    let server: ReturnType<typeof fakeServer> | undefined;
    server = fakeServer((call) => onlyCurrentToken(server!)(call));
    // The second server starts at generation 0, so hand it the token it will accept.
    storage.setItem(refreshTokenKey, 'refresh-0');
    const reloaded = new ApiClient({ fetch: server.fetchImpl, storage });
    expect(await reloaded.get('/me')).toEqual({ ok: true });
    expect(server.calls.map((call) => call.path)).toEqual(['/api/v1/auth/refresh', '/api/v1/me']);
  });

  it('forgets both tokens on logout even when the server is unreachable', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer(() => {
      throw new TypeError('connection refused');
    });
    const client = new ApiClient({ fetch: server.fetchImpl, storage });
    await client.login({ username: 'ada', password: 'pw' });
    await expect(client.logout()).rejects.toMatchObject({ code: 'network_error', status: 0 });
    expect(storage.getItem(refreshTokenKey)).toBeNull();
  });

  it('turns problem+json, plain-text errors and 204 into the documented results', async () => {
    const answers = [problemResponse(409, 'username_taken'), new Response('Bad Gateway', { status: 502 })];
    const server = fakeServer(() => answers.shift() ?? new Response(null, { status: 204 }));
    const client = new ApiClient({ fetch: server.fetchImpl, storage: new MemoryStorage() });
    const conflict = await client.post('/admin/users', { username: 'a' }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ApiError);
    expect(conflict).toMatchObject({ status: 409, code: 'username_taken', message: 'detail username_taken' });
    await expect(client.get('/x')).rejects.toMatchObject({ status: 502, code: 'http_502' });
    await expect(client.delete('/api-keys/1')).resolves.toBeUndefined();
  });
});

// Seed from the SEED environment variable when set, so a failing run replays (read without Node typings).
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const seed = env.SEED !== undefined && env.SEED !== '' ? Number(env.SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;

describe('readProblem', () => {
  it(`always yields the HTTP status and a non-empty code, whatever the body (SEED=${seed})`, async () => {
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({ code: fc.oneof(fc.string(), fc.integer()), status: fc.oneof(fc.integer(), fc.string()) })
        .map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 400, max: 599 }), async (text, status) => {
        const problem = await readProblem(new Response(text, { status }));
        expect(problem.status, `SEED=${seed}`).toBe(status);
        expect(typeof problem.code === 'string' && problem.code.length > 0, `SEED=${seed}`).toBe(true);
      }),
      { seed, numRuns: 300 },
    );
  });
});

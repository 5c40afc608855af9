// Fetch wrapper for /api/v1: bearer access token in memory, refresh token in localStorage, problem+json errors.
import type { AuthResponse, LoginRequest } from './api-types.js';

/** localStorage key holding the refresh token, so a reload can resume the session. */
export const refreshTokenKey = 'nexus.refresh';

/** An RFC 9457 problem document as the server sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: Array<{ field?: string; code?: string; message?: string }>;
}

/** Every failed call rejects with this: the HTTP status, the stable error code and the problem body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

/** The subset of the Web Storage API the client needs; tests pass an in-memory one. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Runs `task` while holding the named lock exclusively (the shape of the Web Locks API's `request`). */
export type ExclusiveLock = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/** What the client is built from; every field has a browser default. */
export interface ApiClientOptions {
  fetch?: typeof fetch;
  storage?: TokenStorage;
  baseUrl?: string;
  /** Serialises refreshes across tabs; defaults to `navigator.locks` where the browser has it. */
  lock?: ExclusiveLock;
}

/** Per-call options: `auth: false` for the endpoints that take no bearer token (login, refresh). */
export interface RequestOptions {
  auth?: boolean;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// Reads localStorage lazily so importing this module outside a browser (unit tests) does not throw.
const browserStorage: TokenStorage = {
  getItem: (key) => globalThis.localStorage?.getItem(key) ?? null,
  setItem: (key, value) => globalThis.localStorage?.setItem(key, value),
  removeItem: (key) => globalThis.localStorage?.removeItem(key),
};

// Tabs share one refresh token in localStorage; if two tabs refreshed at once, the second would present a
// token the first had just rotated and the server would revoke the session as a replay. The Web Locks API
// makes the second tab wait and then use the token the first one stored.
function browserLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return locks === undefined ? task() : (locks.request(name, task) as Promise<T>);
}

/** Name of the cross-tab lock held while a refresh is in flight. */
export const refreshLockName = 'nexus.refresh';

/** Calls the Nexus API, refreshing an expired access token once per request and retrying. */
export class ApiClient {
  private readonly fetchImpl: typeof fetch;
  private readonly storage: TokenStorage;
  private readonly baseUrl: string;
  private readonly lock: ExclusiveLock;
  private accessToken: string | null = null;
  // Refresh tokens rotate on use, so concurrent callers must share one refresh or the second would
  // present an already-used token and trip the server's reuse detection (which ends the session).
  private refreshInFlight: Promise<AuthResponse> | null = null;
  private readonly sessionEndListeners = new Set<(error: ApiError) => void>();

  constructor(options: ApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storage = options.storage ?? browserStorage;
    this.baseUrl = options.baseUrl ?? '/api/v1';
    this.lock = options.lock ?? browserLock;
  }

  /** The current access token, or null before sign-in / after a reload until the first refresh (for the WebSocket). */
  getAccessToken(): string | null {
    return this.accessToken;
  }

  /** True when a refresh token is stored, i.e. a previous session may be resumed. */
  hasStoredSession(): boolean {
    return this.storage.getItem(refreshTokenKey) !== null;
  }

  /** Registers a callback run when the session ends because the refresh token was rejected. */
  onSessionEnded(listener: (error: ApiError) => void): () => void {
    this.sessionEndListeners.add(listener);
    return () => this.sessionEndListeners.delete(listener);
  }

  /** GET a JSON resource. */
  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  /** POST a JSON body. */
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  /** PUT a JSON body. */
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }

  /** PATCH a JSON body (partial update, e.g. amending an order). */
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }

  /** DELETE a resource. */
  delete<T = void>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, undefined, options);
  }

  /** Signs in; on success both tokens are kept. MFA challenges reject with code `mfa_required`. */
  async login(credentials: LoginRequest): Promise<AuthResponse> {
    const session = await this.send<AuthResponse>('POST', '/auth/login', credentials, { auth: false });
    this.keepTokens(session);
    return session;
  }

  /**
   * Changes the signed-in user's password. The server revokes every refresh token of the user, this session's too,
   * and answers with a new session, whose tokens are kept.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<AuthResponse> {
    const session = await this.request<AuthResponse>('POST', '/me/password', { currentPassword, newPassword });
    this.keepTokens(session);
    return session;
  }

  /** Exchanges the stored refresh token for new tokens; concurrent callers share one request. */
  refresh(): Promise<AuthResponse> {
    if (this.refreshInFlight === null) {
      this.refreshInFlight = this.lock(refreshLockName, () => this.refreshOnce()).finally(() => {
        this.refreshInFlight = null;
      });
    }
    return this.refreshInFlight;
  }

  /** Revokes the refresh token on the server (best effort) and forgets both tokens locally. */
  async logout(): Promise<void> {
    const refreshToken = this.storage.getItem(refreshTokenKey);
    try {
      if (refreshToken !== null) await this.send<void>('POST', '/auth/logout', { refreshToken }, { auth: true });
    } finally {
      this.clearTokens();
    }
  }

  /** Forgets both tokens without telling the server. */
  clearTokens(): void {
    this.accessToken = null;
    this.storage.removeItem(refreshTokenKey);
  }

  /** Sends a request; on 401 `token_expired` refreshes once and retries the same request once. */
  async request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    // After a reload only the refresh token survives, so get an access token before the first call.
    if (auth && this.accessToken === null && this.hasStoredSession()) await this.refreshOrEnd();
    try {
      return await this.send<T>(method, path, body, options);
    } catch (error) {
      if (!auth || !(error instanceof ApiError) || error.code !== 'token_expired') throw error;
      await this.refreshOrEnd();
      return this.send<T>(method, path, body, options);
    }
  }

  /** POSTs raw bytes as application/octet-stream (evidence, document versions) and returns the JSON answer. */
  upload<T>(path: string, body: Blob, options: RequestOptions = {}): Promise<T> {
    return this.withRefresh(async () => {
      const response = await this.sendRaw('POST', path, body, options);
      return (await response.json()) as T;
    });
  }

  /** GETs a file (reports, evidence) as a Blob, with the response so callers can read its headers. */
  download(path: string, options: RequestOptions = {}): Promise<{ blob: Blob; response: Response }> {
    return this.withRefresh(async () => {
      const response = await this.sendRaw('GET', path, undefined, options);
      return { blob: await response.blob(), response };
    });
  }

  // The refresh-and-retry-once of `request`, for the raw upload and download calls.
  private async withRefresh<T>(run: () => Promise<T>): Promise<T> {
    if (this.accessToken === null && this.hasStoredSession()) await this.refreshOrEnd();
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'token_expired') throw error;
      await this.refreshOrEnd();
      return run();
    }
  }

  private async sendRaw(method: Method, path: string, body: Blob | undefined, options: RequestOptions) {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/octet-stream';
    if (this.accessToken !== null) headers.authorization = `Bearer ${this.accessToken}`;
    const response = await this.fetchImpl(this.baseUrl + path, { method, headers, body, signal: options.signal });
    if (!response.ok) throw new ApiError(await readProblem(response));
    return response;
  }

  private async refreshOrEnd(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.clearTokens();
        for (const listener of this.sessionEndListeners) listener(error);
      }
      throw error;
    }
  }

  private async refreshOnce(): Promise<AuthResponse> {
    const refreshToken = this.storage.getItem(refreshTokenKey);
    if (refreshToken === null) {
      throw new ApiError({
        type: 'about:blank',
        title: 'Not signed in',
        status: 401,
        code: 'refresh_token_invalid',
        detail: 'No stored session to resume.',
      });
    }
    const session = await this.send<AuthResponse>('POST', '/auth/refresh', { refreshToken }, { auth: false });
    this.keepTokens(session);
    return session;
  }

  private keepTokens(session: AuthResponse): void {
    this.accessToken = session.accessToken;
    this.storage.setItem(refreshTokenKey, session.refreshToken);
  }

  private async send<T>(method: Method, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if ((options.auth ?? true) && this.accessToken !== null) headers.authorization = `Bearer ${this.accessToken}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        code: 'network_error',
        detail: cause instanceof Error ? cause.message : String(cause),
      });
    }
    if (!response.ok) throw new ApiError(await readProblem(response));
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

/** Turns an error response into a Problem, tolerating servers or proxies that send no problem+json. */
export async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    code: `http_${response.status}`,
  };
  const text = await response.text().catch(() => '');
  if (text === '') return fallback;
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (typeof parsed !== 'object' || parsed === null) return fallback;
    // The HTTP status is authoritative; a missing or empty code falls back so callers can always branch on it.
    return {
      type: typeof parsed.type === 'string' ? parsed.type : fallback.type,
      title: typeof parsed.title === 'string' ? parsed.title : fallback.title,
      status: response.status,
      code: typeof parsed.code === 'string' && parsed.code !== '' ? parsed.code : fallback.code,
      ...(typeof parsed.detail === 'string' ? { detail: parsed.detail } : {}),
      ...(Array.isArray(parsed.errors) ? { errors: parsed.errors } : {}),
    };
  } catch {
    return { ...fallback, detail: text.slice(0, 300) };
  }
}

/** The client the app uses: same-origin /api/v1, real fetch and localStorage. */
export const api = new ApiClient();

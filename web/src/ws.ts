// A small WebSocket client for /ws: authenticates with the access token, keeps subscriptions across reconnects.
import { api } from './api.js';

/** Error codes with which the server's hub refuses a socket's credential (it then closes the socket with 4401). */
const credentialCodes = new Set(['token_expired', 'token_invalid', 'api_key_invalid', 'api_key_expired']);

/** The part of the browser WebSocket this client uses; tests pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Connection state shown to users ("live", "reconnecting"). */
export type SocketStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** What the client is built from; everything but `token` has a browser default. */
export interface WsClientOptions {
  /** The access token to authenticate with (null when signed out). */
  token: () => Promise<string | null>;
  /** Called after the server refused the token, before reconnecting. */
  refreshToken?: () => Promise<void>;
  url?: () => string;
  createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt `attempt` (0-based). */
  backoffMs?: (attempt: number) => number;
}

/** Longest wait between reconnect attempts. */
export const reconnectDelayMaxMs = 30_000;
/** First reconnect delay; doubles per failed attempt. */
export const reconnectDelayBaseMs = 500;

/** Exponential backoff with jitter in [half, full] of the doubled delay, capped, so clients do not reconnect in step. */
export function reconnectDelayMs(attempt: number, random: number): number {
  const full = Math.min(reconnectDelayMaxMs, reconnectDelayBaseMs * 2 ** Math.min(attempt, 16));
  return Math.round(full * (0.5 + random / 2));
}

/** The /ws address on the page's own origin (http -> ws, https -> wss). */
export function defaultSocketUrl(): string {
  return `${location.origin.replace(/^http/, 'ws')}/ws`;
}

interface Listener {
  onEvent: (data: unknown) => void;
  /** Called when events may have been missed (after a reconnect), so the consumer re-fetches its snapshot. */
  onReset?: () => void;
}

interface Channel {
  channel: string;
  key: string | undefined;
  listeners: Set<Listener>;
  /** Subscribed on an earlier connection, so a new one may have missed events. */
  wasLive: boolean;
}

const openState = 1;

function channelId(channel: string, key: string | undefined): string {
  return key === undefined ? channel : `${channel}\u0000${key}`;
}

/** One multiplexed connection: subscribe(channel, key, handler) from anywhere; reconnects with backoff and re-auths. */
export class WsClient {
  private readonly options: Required<WsClientOptions>;
  private readonly channels = new Map<string, Channel>();
  private readonly statusListeners = new Set<(status: SocketStatus) => void>();
  private socket: SocketLike | null = null;
  private authenticated = false;
  private authRefused = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: SocketStatus = 'idle';

  constructor(options: WsClientOptions) {
    this.options = {
      refreshToken: async () => undefined,
      url: defaultSocketUrl,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      backoffMs: (attempt) => reconnectDelayMs(attempt, Math.random()),
      ...options,
    };
  }

  /** The connection state now. */
  get status(): SocketStatus {
    return this.current;
  }

  /** Listens to status changes; returns the unsubscribe function. */
  onStatus(listener: (status: SocketStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Subscribes to a channel (and key); returns the function that ends this subscription. */
  subscribe(
    channel: string,
    key: string | undefined,
    onEvent: (data: unknown) => void,
    onReset?: () => void,
  ): () => void {
    const id = channelId(channel, key);
    let entry = this.channels.get(id);
    if (entry === undefined) {
      entry = { channel, key, listeners: new Set(), wasLive: false };
      this.channels.set(id, entry);
      if (this.authenticated) this.sendSubscribe(entry);
    }
    const listener: Listener = { onEvent, onReset };
    entry.listeners.add(listener);
    if (this.socket === null && this.timer === null) this.connect();
    return () => this.unsubscribe(id, listener);
  }

  /** Closes the connection and forgets every subscription. */
  close(): void {
    this.channels.clear();
    this.shutdown();
  }

  private unsubscribe(id: string, listener: Listener): void {
    const entry = this.channels.get(id);
    if (entry === undefined) return;
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    this.channels.delete(id);
    if (this.authenticated) this.sendJson({ op: 'unsubscribe', channel: entry.channel, key: entry.key });
    if (this.channels.size === 0) this.shutdown();
  }

  private shutdown(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    this.authenticated = false;
    this.authRefused = false;
    this.attempt = 0;
    if (socket !== null) {
      socket.onclose = null;
      socket.close(1000, 'no subscriptions');
    }
    this.setStatus('idle');
  }

  private connect(): void {
    this.timer = null;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = this.options.createSocket(this.options.url());
    this.socket = socket;
    socket.onopen = () => void this.authenticate(socket);
    socket.onmessage = (event) => this.receive(socket, event.data);
    socket.onerror = () => undefined; // a close event always follows; reconnecting happens there
    socket.onclose = () => this.closed(socket);
  }

  private async authenticate(socket: SocketLike): Promise<void> {
    let token: string | null = null;
    try {
      token = await this.options.token();
    } catch {
      token = null;
    }
    if (socket !== this.socket) return;
    if (token === null) {
      socket.close(4401, 'no token');
      return;
    }
    socket.send(JSON.stringify({ op: 'auth', token }));
  }

  private receive(socket: SocketLike, raw: unknown): void {
    if (socket !== this.socket || typeof raw !== 'string') return;
    let message: { op?: string; channel?: string; key?: string; data?: unknown; code?: string };
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (message.op === 'authenticated') {
      this.authenticatedNow();
      return;
    }
    if (message.op === 'error' && (!this.authenticated || credentialCodes.has(message.code ?? ''))) {
      // The server closes the socket next: at sign-in, or later when its periodic check finds the token expired
      // or the user disabled. Refresh the token before retrying.
      this.authRefused = true;
      return;
    }
    if (message.op !== 'event' || typeof message.channel !== 'string') return;
    // Like the server's hub, a subscription without a key receives the channel's events for every key.
    const key = message.key ?? undefined;
    const targets = [this.channels.get(channelId(message.channel, key))];
    if (key !== undefined) targets.push(this.channels.get(channelId(message.channel, undefined)));
    for (const entry of targets) {
      if (entry !== undefined) for (const listener of [...entry.listeners]) listener.onEvent(message.data);
    }
  }

  private authenticatedNow(): void {
    this.authenticated = true;
    this.attempt = 0;
    this.setStatus('live');
    for (const entry of this.channels.values()) {
      const missedEvents = entry.wasLive;
      this.sendSubscribe(entry);
      if (missedEvents) for (const listener of [...entry.listeners]) listener.onReset?.();
    }
  }

  private sendSubscribe(entry: Channel): void {
    entry.wasLive = true;
    this.sendJson({ op: 'subscribe', channel: entry.channel, ...(entry.key === undefined ? {} : { key: entry.key }) });
  }

  private sendJson(message: unknown): void {
    if (this.socket !== null && this.socket.readyState === openState) this.socket.send(JSON.stringify(message));
  }

  private closed(socket: SocketLike): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.authenticated = false;
    if (this.channels.size === 0) {
      this.setStatus('idle');
      return;
    }
    this.setStatus('reconnecting');
    const delay = this.options.backoffMs(this.attempt++);
    const refresh = this.authRefused ? this.options.refreshToken().catch(() => undefined) : Promise.resolve();
    this.authRefused = false;
    this.timer = setTimeout(() => {
      void refresh.then(() => {
        if (this.channels.size > 0 && this.socket === null) this.connect();
      });
    }, delay);
  }

  private setStatus(status: SocketStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** The app's one connection, authenticated with the API client's access token. */
export const liveSocket = new WsClient({
  token: async () => {
    // After a reload only the refresh token exists; get an access token first.
    if (api.getAccessToken() === null && api.hasStoredSession()) await api.refresh();
    return api.getAccessToken();
  },
  refreshToken: async () => {
    await api.refresh();
  },
});

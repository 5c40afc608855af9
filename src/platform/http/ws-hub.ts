// The WebSocket hub at /ws: authenticated clients subscribe to named channels their role may read.
// Events travel through the bus, so with Redis every server process delivers to its own sockets.
import type { WebSocket } from 'ws';
import { limits } from '../../kernel/index.js';
import type { AuthService, Principal } from '../auth/auth-service.js';
import type { Permission } from '../auth/permissions.js';
import type { Bus } from '../bus/bus.js';

/** How a channel is guarded; private channels deliver only to the user an event names. */
export interface ChannelSpec {
  permission: Permission;
  private?: boolean;
}

interface Envelope {
  channel: string;
  key?: string;
  userId?: string;
  data: unknown;
}

interface Client {
  socket: WebSocket;
  principal?: Principal;
  /** The token or API key the socket authenticated with, checked again every `webSocketRecheckMs`. */
  credential?: string;
  /** The client's subscriptions by subscription id (see subscriptionId). */
  subscriptions: Map<string, { channel: string; key: string | undefined }>;
  /**
   * The end of the client's message queue: messages are handled one after another, so a subscribe sent right behind
   * an auth waits for the auth check rather than being refused as unauthenticated.
   */
  queue: Promise<void>;
  /** Messages received and not yet handled. */
  pending: number;
}

const busTopic = 'ws.events';

/** Routes channel events from the bus to subscribed sockets. */
export class WsHub {
  private readonly channels = new Map<string, ChannelSpec>();
  private readonly clients = new Set<Client>();
  /**
   * Subscribers by subscription id, so an event reaches its subscribers without a walk over every connected client,
   * and an event nobody subscribed to is not even serialised.
   */
  private readonly subscribers = new Map<string, Set<Client>>();
  private unsubscribe?: () => Promise<void>;
  private recheckTimer?: NodeJS.Timeout;

  private readonly recheckMs: number;
  private readonly authTimeoutMs: number;

  constructor(
    private readonly bus: Bus,
    private readonly auth: Pick<AuthService, 'authenticateToken' | 'authenticateApiKey'>,
    options: { recheckMs?: number; authTimeoutMs?: number } = {},
  ) {
    this.recheckMs = options.recheckMs ?? limits.webSocketRecheckMs;
    this.authTimeoutMs = options.authTimeoutMs ?? limits.webSocketAuthTimeoutMs;
  }

  /** Declares a channel and the permission needed to read it. */
  registerChannel(name: string, spec: ChannelSpec): void {
    this.channels.set(name, spec);
  }

  /** Names and permissions of every channel (for docs and the RBAC test). */
  listChannels(): [string, ChannelSpec][] {
    return [...this.channels.entries()];
  }

  /** Publishes an event on a channel (optionally for one key, such as a symbol, or one user on private channels). */
  async publish(channel: string, data: unknown, options: { key?: string; userId?: string } = {}): Promise<void> {
    if (!this.channels.has(channel)) throw new Error(`unknown WebSocket channel ${channel}`);
    const envelope: Envelope = { channel, data, ...options };
    await this.bus.publish(busTopic, envelope);
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(busTopic, (m) => this.deliver(m as Envelope));
    this.recheckTimer = setInterval(() => void this.recheck().catch(() => {}), this.recheckMs);
    this.recheckTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.recheckTimer);
    await this.unsubscribe?.();
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
    this.clients.clear();
    this.subscribers.clear();
  }

  /** Takes over a freshly upgraded socket. `token` may come from the query string. */
  accept(socket: WebSocket, token: string | undefined): void {
    const client: Client = { socket, subscriptions: new Map(), queue: Promise.resolve(), pending: 0 };
    this.clients.add(client);
    socket.on('close', () => {
      this.clients.delete(client);
      this.removeAllSubscriptions(client);
    });
    socket.on('message', (raw) => {
      if (client.pending >= limits.webSocketPendingMessagesMax) {
        client.socket.close(1008, 'too_many_pending_messages');
        return;
      }
      const text = raw.toString();
      this.enqueue(client, () => this.onMessage(client, text));
    });
    if (token) this.enqueue(client, () => this.authenticate(client, token));
    else this.send(client, { op: 'welcome', detail: 'send {"op":"auth","token":"..."} then subscribe' });
    // A socket that never authenticates would hold its connection and memory for nothing.
    setTimeout(() => {
      if (this.clients.has(client) && !client.principal) this.refuse(client, 'auth_timeout');
    }, this.authTimeoutMs).unref();
  }

  /** Runs `work` after every earlier message of the client has been handled. */
  private enqueue(client: Client, work: () => Promise<void>): void {
    client.pending++;
    client.queue = client.queue
      .then(work)
      .catch(() => this.send(client, { op: 'error', code: 'internal_error' }))
      .finally(() => {
        client.pending--;
      });
  }

  private async onMessage(client: Client, raw: string): Promise<void> {
    let msg: { op?: unknown; token?: unknown; channel?: unknown; key?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      return this.send(client, { op: 'error', code: 'message_invalid', detail: 'messages are JSON objects' });
    }
    if (msg.op === 'ping') return this.send(client, { op: 'pong' });
    if (msg.op === 'auth' && typeof msg.token === 'string') return this.authenticate(client, msg.token);
    if (!client.principal) return this.send(client, { op: 'error', code: 'unauthenticated' });
    if ((msg.op === 'subscribe' || msg.op === 'unsubscribe') && typeof msg.channel === 'string') {
      const key = typeof msg.key === 'string' ? msg.key : undefined;
      return msg.op === 'subscribe'
        ? this.subscribe(client, msg.channel, key)
        : this.unsubscribeClient(client, msg.channel, key);
    }
    this.send(client, { op: 'error', code: 'message_invalid', detail: 'unknown op' });
  }

  private async authenticate(client: Client, credential: string): Promise<void> {
    const result = await this.verify(credential);
    if (!result.ok) {
      this.refuse(client, result.code);
      return;
    }
    client.principal = result.value;
    client.credential = credential;
    this.send(client, { op: 'authenticated', user: { id: result.value.userId, role: result.value.role } });
    // A client that authenticates again, perhaps as someone else, keeps only what the new principal may read.
    this.dropForbidden(client, result.value);
  }

  /**
   * Checks every authenticated socket's credential again, as a request would: a socket whose token has expired,
   * whose user was disabled or whose API key was revoked is closed with 4401; one whose permissions narrowed keeps
   * only what it may still read. Runs every `webSocketRecheckMs`; a socket lives longer than one token, and without
   * this it would go on receiving events after its user lost access.
   */
  async recheck(): Promise<void> {
    for (const client of [...this.clients]) {
      if (!client.principal || client.credential === undefined) continue;
      const result = await this.verify(client.credential);
      if (!this.clients.has(client)) continue;
      if (!result.ok) {
        this.refuse(client, result.code);
        continue;
      }
      client.principal = result.value;
      this.dropForbidden(client, result.value);
    }
  }

  private verify(credential: string) {
    return credential.startsWith('nxk_')
      ? this.auth.authenticateApiKey(credential)
      : this.auth.authenticateToken(credential);
  }

  /** Tells the client why and closes its socket; it is no longer authenticated. */
  private refuse(client: Client, code: string): void {
    client.principal = undefined;
    client.credential = undefined;
    this.removeAllSubscriptions(client);
    this.send(client, { op: 'error', code });
    client.socket.close(4401, code);
  }

  /** Removes the subscriptions `principal` may not read, telling the client about each. */
  private dropForbidden(client: Client, principal: Principal): void {
    for (const [id, { channel, key }] of [...client.subscriptions]) {
      const spec = this.channels.get(channel);
      if (spec && principal.permissions.includes(spec.permission)) continue;
      this.removeSubscription(client, id);
      this.send(client, { op: 'unsubscribed', channel, key, reason: 'forbidden' });
    }
  }

  private subscribe(client: Client, channel: string, key: string | undefined): void {
    const spec = this.channels.get(channel);
    if (!spec) {
      this.send(client, { op: 'error', code: 'channel_unknown', channel });
    } else if (!client.principal?.permissions.includes(spec.permission)) {
      this.send(client, { op: 'error', code: 'forbidden', channel, detail: `needs ${spec.permission}` });
    } else if (client.subscriptions.size >= limits.webSocketChannelsPerClientMax) {
      this.send(client, { op: 'error', code: 'subscriptions_above_max', channel });
    } else {
      this.addSubscription(client, channel, key);
      this.send(client, { op: 'subscribed', channel, key });
    }
  }

  private unsubscribeClient(client: Client, channel: string, key: string | undefined): void {
    this.removeSubscription(client, subscriptionId(channel, key));
    this.send(client, { op: 'unsubscribed', channel, key });
  }

  private addSubscription(client: Client, channel: string, key: string | undefined): void {
    const id = subscriptionId(channel, key);
    client.subscriptions.set(id, { channel, key });
    let set = this.subscribers.get(id);
    if (set === undefined) {
      set = new Set();
      this.subscribers.set(id, set);
    }
    set.add(client);
  }

  private removeAllSubscriptions(client: Client): void {
    for (const id of [...client.subscriptions.keys()]) this.removeSubscription(client, id);
  }

  private removeSubscription(client: Client, id: string): void {
    client.subscriptions.delete(id);
    const set = this.subscribers.get(id);
    if (set === undefined) return;
    set.delete(client);
    if (set.size === 0) this.subscribers.delete(id);
  }

  private deliver(envelope: Envelope): void {
    const spec = this.channels.get(envelope.channel);
    if (!spec) return;
    // Subscribers of this key, then of the whole channel (a subscription without a key gets every key's events).
    const exact = this.subscribers.get(subscriptionId(envelope.channel, envelope.key));
    const whole =
      envelope.key === undefined ? undefined : this.subscribers.get(subscriptionId(envelope.channel, undefined));
    if (exact === undefined && whole === undefined) return;
    let frame: string | undefined;
    for (const set of [exact, whole]) {
      if (set === undefined) continue;
      for (const client of set) {
        if (set === whole && exact?.has(client)) continue;
        if (!client.principal) continue;
        if (spec.private && client.principal.userId !== envelope.userId) continue;
        if (client.socket.bufferedAmount > limits.webSocketBufferedBytesMax) {
          // A client that cannot keep up is dropped rather than buffered without bound; it reconnects and re-snapshots.
          client.socket.close(4008, 'too slow');
          continue;
        }
        frame ??= JSON.stringify({ op: 'event', channel: envelope.channel, key: envelope.key, data: envelope.data });
        client.socket.send(frame);
      }
    }
  }

  private send(client: Client, message: unknown): void {
    if (client.socket.readyState === 1) client.socket.send(JSON.stringify(message));
  }
}

function subscriptionId(channel: string, key: string | undefined): string {
  return key === undefined ? channel : `${channel}\u0000${key}`;
}

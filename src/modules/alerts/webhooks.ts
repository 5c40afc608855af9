// Signed webhook delivery: a bounded queue, a few requests in flight, timeouts and retries with doubling backoff.
import type { Clock } from '../../kernel/index.js';
import { alertServiceLimits } from './limits.js';
import { signWebhookBody, webhookSignatureHeader } from './webhook-signature.js';

/** One body to deliver to one URL, signed with the rule's secret. */
export interface WebhookDelivery {
  url: string;
  secret: string;
  /** Exact JSON text sent; the signature covers these bytes. */
  body: string;
  /** Sent as `x-nexus-event-id` so receivers can drop repeats (retries may deliver twice). */
  eventId: string;
}

/** Tunables; defaults come from alertServiceLimits (tests shorten the backoff). */
export interface WebhookOptions {
  attemptsMax: number;
  backoffMs: number;
  timeoutMs: number;
  queueMax: number;
  concurrency: number;
}

/** Counters for observability and tests. */
export interface WebhookStats {
  delivered: number;
  failed: number;
  dropped: number;
  attempts: number;
}

/** Why a URL cannot be a webhook target, or null when it can. */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > alertServiceLimits.webhookUrlLengthMax)
    return `at most ${alertServiceLimits.webhookUrlLengthMax} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs are accepted';
  if (parsed.username !== '' || parsed.password !== '') return 'credentials in the URL are not accepted';
  return null;
}

interface Job {
  delivery: WebhookDelivery;
  attempt: number;
}

/**
 * Delivers webhooks without ever making the caller wait: `enqueue` returns at once. Each attempt has a timeout;
 * a failed attempt (network error, timeout, non-2xx, redirect) is retried after backoffMs·2^(attempt − 1), up
 * to attemptsMax attempts. Each attempt is signed afresh, so its timestamp is current.
 */
export class WebhookDispatcher {
  private readonly options: WebhookOptions;
  private readonly queue: Job[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;
  readonly stats: WebhookStats = { delivered: 0, failed: 0, dropped: 0, attempts: 0 };

  constructor(
    private readonly clock: Clock,
    options: Partial<WebhookOptions> = {},
    private readonly fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
  ) {
    this.options = {
      attemptsMax: alertServiceLimits.webhookAttemptsMax,
      backoffMs: alertServiceLimits.webhookBackoffMs,
      timeoutMs: alertServiceLimits.webhookTimeoutMs,
      queueMax: alertServiceLimits.webhookQueueMax,
      concurrency: alertServiceLimits.webhookConcurrency,
      ...options,
    };
  }

  /** Queues a delivery; false (and counted as dropped) when the queue is full or the dispatcher closed. */
  enqueue(delivery: WebhookDelivery): boolean {
    const held = this.queue.length + this.timers.size + this.inFlight.size;
    if (this.closed || held >= this.options.queueMax) {
      this.stats.dropped++;
      return false;
    }
    this.queue.push({ delivery, attempt: 1 });
    this.pump();
    return true;
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: pending retries are dropped and requests in flight aborted. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.stats.dropped += this.timers.size + this.queue.length;
    this.timers.clear();
    this.queue.length = 0;
    for (const controller of this.inFlight) controller.abort();
    this.settleIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight.size === 0 && this.timers.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      const controller = new AbortController();
      this.inFlight.add(controller);
      void this.attempt(job, controller).finally(() => {
        this.inFlight.delete(controller);
        this.pump();
        this.settleIdle();
      });
    }
  }

  private async attempt(job: Job, controller: AbortController): Promise<void> {
    this.stats.attempts++;
    const { delivery } = job;
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let delivered = false;
    try {
      const signature = signWebhookBody(delivery.body, delivery.secret, Math.floor(this.clock.nowMs() / 1000));
      const response = await this.fetchImpl(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [webhookSignatureHeader]: signature,
          'x-nexus-event-id': delivery.eventId,
          'user-agent': 'nexus-alerts/1',
        },
        body: delivery.body,
        // A redirect could point the signed body somewhere else; it counts as a failed attempt instead.
        redirect: 'manual',
        signal: controller.signal,
      });
      await response.body?.cancel().catch(() => undefined);
      delivered = response.status >= 200 && response.status < 300;
    } catch {
      delivered = false;
    } finally {
      clearTimeout(timeout);
    }
    if (delivered) this.stats.delivered++;
    else this.retryOrFail(job);
  }

  private retryOrFail(job: Job): void {
    if (this.closed || job.attempt >= this.options.attemptsMax) {
      this.stats.failed++;
      return;
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.queue.push({ delivery: job.delivery, attempt: job.attempt + 1 });
        this.pump();
      },
      this.options.backoffMs * 2 ** (job.attempt - 1),
    );
    timer.unref?.();
    this.timers.add(timer);
  }
}

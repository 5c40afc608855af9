// WebhookDispatcher with a fake fetch: bounded retries with doubling backoff, timeouts, a bounded queue, and URL checks.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kernel/index.js';
import { verifyWebhookSignature, webhookSignatureHeader } from './webhook-signature.js';
import { WebhookDispatcher, webhookUrlProblem } from './webhooks.js';

const delivery = { url: 'http://127.0.0.1:9/hook', secret: 'whsec_test', body: '{"a":1}', eventId: '7' };

describe('WebhookDispatcher', () => {
  it('gives up after attemptsMax attempts, waiting longer before each retry', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const seen: number[] = [];
    const fetchFake = (async (_url: string, init: RequestInit) => {
      seen.push(performance.now());
      const header = (init.headers as Record<string, string>)[webhookSignatureHeader] as string;
      expect(verifyWebhookSignature(init.body as string, header, delivery.secret, 1_700_000_000).ok).toBe(true);
      return new Response(null, { status: 500 });
    }) as unknown as typeof fetch;
    const dispatcher = new WebhookDispatcher(clock, { attemptsMax: 3, backoffMs: 40 }, fetchFake);
    expect(dispatcher.enqueue(delivery)).toBe(true);
    await dispatcher.idle();
    expect(dispatcher.stats).toMatchObject({ attempts: 3, delivered: 0, failed: 1 });
    const gaps = [(seen[1] as number) - (seen[0] as number), (seen[2] as number) - (seen[1] as number)];
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
  });

  it('aborts an attempt that outlives the timeout and never blocks enqueue', async () => {
    const hang = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      )) as unknown as typeof fetch;
    const dispatcher = new WebhookDispatcher(
      new ManualClock(0),
      { attemptsMax: 1, timeoutMs: 30, concurrency: 1, queueMax: 2 },
      hang,
    );
    const started = performance.now();
    expect([dispatcher.enqueue(delivery), dispatcher.enqueue(delivery), dispatcher.enqueue(delivery)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(performance.now() - started).toBeLessThan(20);
    await dispatcher.idle();
    expect(dispatcher.stats).toMatchObject({ attempts: 2, failed: 2, dropped: 1 });
  });

  it('drops pending retries on close', async () => {
    const fail = (async () => new Response(null, { status: 502 })) as unknown as typeof fetch;
    const dispatcher = new WebhookDispatcher(new ManualClock(0), { attemptsMax: 5, backoffMs: 60_000 }, fail);
    dispatcher.enqueue(delivery);
    await new Promise((r) => setTimeout(r, 20));
    await dispatcher.close();
    await dispatcher.idle();
    expect(dispatcher.stats).toMatchObject({ attempts: 1, dropped: 1 });
    expect(dispatcher.enqueue(delivery)).toBe(false);
  });
});

describe('webhookUrlProblem', () => {
  it('accepts http(s) and refuses other schemes, credentials and garbage', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/x')).toBeNull();
    expect(webhookUrlProblem('file:///etc/passwd')).toContain('http');
    expect(webhookUrlProblem('javascript:alert(1)')).toContain('http');
    expect(webhookUrlProblem('http://user:pw@127.0.0.1/')).toContain('credentials');
    expect(webhookUrlProblem('not a url')).toContain('absolute');
  });
});

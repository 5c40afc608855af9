// Alert use cases: rule CRUD, evaluation of every metrics.samples message, stored events, and notification of
// subscribers (observer pattern: WebSocket channel `alerts`, signed webhooks, and any listener added in code).
import { randomBytes } from 'node:crypto';
import { and, desc, eq, lt } from 'drizzle-orm';
import { type Clock, type Err, err, ok, type Result } from '../../kernel/index.js';
import { seal, unseal } from '../../platform/auth/secrets.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { Db } from '../../platform/db/database.js';
import { AlertEvaluator, type AlertEvent } from './core/evaluator.js';
import { type AlertRule, type RuleIssue, validateAlertRule } from './core/rule.js';
import { alertServiceLimits as limits } from './limits.js';
import { alertEvent, alertRule } from './schema.js';
import { WebhookDispatcher, type WebhookOptions, webhookUrlProblem } from './webhooks.js';

/** Bus topic carrying metric samples: `{ source, metric, points: [{ timeMs, value, metadata? }] }`. */
export const metricsTopic = 'metrics.samples';
/** WebSocket channel on which triggered and acknowledged events are announced. */
export const alertsChannel = 'alerts';

/** The WebSocket hub as this service needs it. */
export interface ChannelPublisher {
  publish(channel: string, data: unknown, options?: { key?: string; userId?: string }): Promise<void>;
}

/** What the service is built from. `sealKey` encrypts per-rule webhook secrets at rest. */
export interface AlertServiceDeps {
  db: Db;
  clock: Clock;
  bus: Bus;
  hub: ChannelPublisher;
  sealKey: Buffer;
  webhook?: Partial<WebhookOptions>;
  fetch?: typeof fetch;
}

/** Rule fields a client sends (create and full replace). */
export interface RuleInput {
  metric: string;
  condition: string;
  threshold: number;
  severity: string;
  enabled?: boolean;
  cooldownSeconds?: number;
  direction?: string;
  windowMs?: number;
  windowSize?: number;
  webhookUrl?: string | null;
}

/** A rule as the API shows it (never its webhook secret). */
export interface RuleView {
  id: number;
  userId: string | null;
  metric: string;
  condition: string;
  threshold: number;
  severity: string;
  enabled: boolean;
  cooldownSeconds: number;
  direction: string;
  windowMs: number | null;
  windowSize: number | null;
  webhookUrl: string | null;
  createdAt: string;
}

/** A stored event. `details` holds what the rule compared (observed), its message and the sample's origin. */
export interface EventView {
  id: number;
  ruleId: number;
  triggeredAt: string;
  value: number;
  acknowledged: boolean;
  acknowledgedBy: string | null;
  details: Record<string, unknown>;
}

/** Receives every stored event and acknowledgement; a failing listener never affects the others. */
export type AlertListener = (notice: { type: 'triggered' | 'acknowledged'; event: EventView }) => unknown;

/** Bad rule input with every issue, for problem+json `errors`. */
export interface RuleInputInvalid extends Err<'alert_rule_invalid'> {
  readonly issues: RuleIssue[];
}

interface RuleOptions {
  direction?: string;
  windowMs?: number;
  windowSize?: number;
  webhookSecretSealed?: string;
}

type RuleRow = typeof alertRule.$inferSelect;

/** Rules, evaluation and events. Call start() once before use and stop() on shutdown. */
export class AlertService {
  private readonly evaluator = new AlertEvaluator();
  private readonly rules = new Map<number, RuleRow>();
  private readonly listeners = new Set<AlertListener>();
  private readonly webhooks: WebhookDispatcher;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private unsubscribe?: () => Promise<void>;
  /** Messages dropped because the evaluation queue was full, and samples the evaluator refused. */
  readonly counters = { droppedMessages: 0, rejectedSamples: 0, events: 0 };

  constructor(private readonly deps: AlertServiceDeps) {
    this.webhooks = new WebhookDispatcher(deps.clock, deps.webhook, deps.fetch);
    this.subscribe((notice) => deps.hub.publish(alertsChannel, notice));
    this.subscribe((notice) => this.sendWebhook(notice));
  }

  /** Adds an observer of events; returns a function that removes it. */
  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the rules and starts evaluating the bus topic. */
  async start(): Promise<void> {
    await this.enqueue(() => this.reloadRules());
    this.unsubscribe = await this.deps.bus.subscribe(metricsTopic, (message) => {
      if (this.pending >= limits.evaluationQueueMax) {
        this.counters.droppedMessages++;
        return;
      }
      void this.enqueue(() => this.evaluateMessage(message));
    });
  }

  /** Stops evaluating, lets queued work finish, and abandons webhook retries. */
  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.idle();
    await this.webhooks.close();
  }

  /** Resolves when every queued message has been evaluated and its events stored and announced. */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Resolves when no webhook is queued, in flight or waiting for a retry. */
  webhooksIdle(): Promise<void> {
    return this.webhooks.idle();
  }

  /** Webhook delivery counters. */
  webhookStats() {
    return { ...this.webhooks.stats };
  }

  /** Every rule, oldest first. */
  async listRules(): Promise<RuleView[]> {
    const rows = await this.deps.db.select().from(alertRule).orderBy(alertRule.id).limit(limits.rulesMax);
    return rows.map(toRuleView);
  }

  /** Creates a rule; with a webhook URL the response carries its signing secret, shown only this once. */
  async createRule(userId: string, input: RuleInput): Promise<Result<{ rule: RuleView; webhookSecret?: string }>> {
    const checked = checkRule(input);
    if (!checked.ok) return checked;
    if (this.rules.size >= limits.rulesMax) return err('alert_rules_above_max', `at most ${limits.rulesMax} rules`);
    const secret = input.webhookUrl ? newSecret() : undefined;
    const options = optionsOf(input, secret ? seal(this.deps.sealKey, secret) : undefined);
    const [row] = await this.deps.db
      .insert(alertRule)
      .values({ ...columnsOf(input), userId, options, createdAt: new Date(this.deps.clock.nowMs()) })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await this.enqueue(() => this.reloadRules());
    return ok({ rule: toRuleView(row), ...(secret ? { webhookSecret: secret } : {}) });
  }

  /** Replaces a rule's definition. Its webhook secret is kept; a rule gaining a webhook gets one (shown once). */
  async updateRule(id: number, input: RuleInput): Promise<Result<{ rule: RuleView; webhookSecret?: string }>> {
    const checked = checkRule(input);
    if (!checked.ok) return checked;
    const [existing] = await this.deps.db.select().from(alertRule).where(eq(alertRule.id, id));
    if (!existing) return err('alert_rule_not_found', `no rule ${id}`, 'id');
    const sealed = (existing.options as RuleOptions | null)?.webhookSecretSealed;
    const secret = input.webhookUrl && !sealed ? newSecret() : undefined;
    const options = optionsOf(input, secret ? seal(this.deps.sealKey, secret) : sealed);
    const [row] = await this.deps.db
      .update(alertRule)
      .set({ ...columnsOf(input), options })
      .where(eq(alertRule.id, id))
      .returning();
    if (!row) return err('alert_rule_not_found', `no rule ${id}`, 'id');
    await this.enqueue(() => this.reloadRules());
    return ok({ rule: toRuleView(row), ...(secret ? { webhookSecret: secret } : {}) });
  }

  /** Deletes a rule together with its events (the audit log keeps the deletion). */
  async deleteRule(id: number): Promise<Result<void>> {
    const deleted = await this.deps.db.transaction(async (tx) => {
      await tx.delete(alertEvent).where(eq(alertEvent.ruleId, id));
      return tx.delete(alertRule).where(eq(alertRule.id, id)).returning({ id: alertRule.id });
    });
    if (deleted.length === 0) return err('alert_rule_not_found', `no rule ${id}`, 'id');
    await this.enqueue(() => this.reloadRules());
    return ok(undefined);
  }

  /** Events newest first; `cursor` is the previous page's `nextCursor`. */
  async listEvents(query: {
    limit?: number;
    unacknowledged?: boolean;
    cursor?: string;
  }): Promise<Result<{ items: EventView[]; nextCursor: string | null }>> {
    const size = query.limit ?? limits.eventsPageDefault;
    const before = query.cursor === undefined ? undefined : Number(query.cursor);
    if (before !== undefined && !(Number.isSafeInteger(before) && before > 0))
      return err('cursor_invalid', 'cursor must come from a previous page', 'cursor');
    const where = and(
      query.unacknowledged ? eq(alertEvent.acknowledged, false) : undefined,
      before === undefined ? undefined : lt(alertEvent.id, before),
    );
    const rows = await this.deps.db
      .select()
      .from(alertEvent)
      .where(where)
      .orderBy(desc(alertEvent.id))
      .limit(size + 1);
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return ok({ items: page.map(toEventView), nextCursor: rows.length > size && last ? String(last.id) : null });
  }

  /** Marks an event acknowledged by `userId` (idempotent) and announces it. */
  async acknowledge(userId: string, id: number): Promise<Result<EventView>> {
    const [row] = await this.deps.db
      .update(alertEvent)
      .set({ acknowledged: true, acknowledgedBy: userId })
      .where(and(eq(alertEvent.id, id), eq(alertEvent.acknowledged, false)))
      .returning();
    if (row) {
      const view = toEventView(row);
      await this.notify({ type: 'acknowledged', event: view });
      return ok(view);
    }
    const [existing] = await this.deps.db.select().from(alertEvent).where(eq(alertEvent.id, id));
    return existing ? ok(toEventView(existing)) : err('alert_event_not_found', `no event ${id}`, 'id');
  }

  /** Runs `work` after everything queued before it; evaluation and rule reloads share this one queue. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    this.pending++;
    const next = this.chain.then(work).finally(() => {
      this.pending--;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async reloadRules(): Promise<void> {
    const rows = await this.deps.db.select().from(alertRule).orderBy(alertRule.id).limit(limits.rulesMax);
    this.rules.clear();
    for (const row of rows) this.rules.set(row.id, row);
    this.evaluator.replaceRules(rows.map(toCoreRule));
  }

  private async evaluateMessage(message: unknown): Promise<void> {
    const parsed = parseMessage(message);
    if (parsed === null) {
      this.counters.rejectedSamples++;
      return;
    }
    const { source, metric, points } = parsed;
    // A rule names either the qualified metric `${source}.${metric}` (one source) or the bare metric (any source).
    const names = [...new Set([`${source}.${metric}`, metric])];
    for (const point of points) {
      for (const name of names) {
        const result = this.evaluator.evaluate({ metric: name, value: point.value, timestampMs: point.timeMs });
        if (!result.ok) {
          this.counters.rejectedSamples++;
          continue;
        }
        for (const event of result.value) await this.store(event, source, metric, point.metadata);
      }
    }
  }

  private async store(event: AlertEvent, source: string, metric: string, metadata: unknown): Promise<void> {
    const details = {
      metric: event.metric,
      source,
      sourceMetric: metric,
      condition: event.condition,
      threshold: event.threshold,
      severity: event.severity,
      observed: Number.isFinite(event.observed) ? event.observed : String(event.observed),
      message: event.message,
      ...(metadata === undefined ? {} : { metadata }),
    };
    const inserted = await this.deps.db
      .insert(alertEvent)
      .values({
        ruleId: Number(event.ruleId),
        triggeredAt: new Date(event.timestampMs),
        value: event.value,
        details,
      })
      .returning()
      .catch(() => []); // the rule was deleted meanwhile: its event has nowhere to go
    const row = inserted[0];
    if (!row) return;
    this.counters.events++;
    await this.notify({ type: 'triggered', event: toEventView(row) });
  }

  private async notify(notice: { type: 'triggered' | 'acknowledged'; event: EventView }): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(notice);
      } catch {
        // One failing observer must not stop the others or the evaluation queue.
      }
    }
  }

  private sendWebhook(notice: { type: 'triggered' | 'acknowledged'; event: EventView }): void {
    if (notice.type !== 'triggered') return;
    const rule = this.rules.get(notice.event.ruleId);
    const sealed = (rule?.options as RuleOptions | null)?.webhookSecretSealed;
    if (!rule?.webhookUrl || !sealed) return;
    const body = JSON.stringify({ type: 'alert.triggered', rule: toRuleView(rule), event: notice.event });
    this.webhooks.enqueue({
      url: rule.webhookUrl,
      secret: unseal(this.deps.sealKey, sealed),
      body,
      eventId: String(notice.event.id),
    });
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Validates input with the core rule validator plus the webhook URL check, naming API fields. */
function checkRule(input: RuleInput): Result<AlertRule> | RuleInputInvalid {
  const checked = validateAlertRule({
    id: 'new',
    metric: input.metric,
    condition: input.condition,
    threshold: input.threshold,
    severity: input.severity,
    enabled: input.enabled,
    cooldownMs: (input.cooldownSeconds ?? 0) * 1000,
    direction: input.direction,
    windowMs: input.windowMs,
    windowSize: input.windowSize,
  });
  const issues = checked.ok
    ? []
    : checked.issues.map((i) => (i.field === 'cooldownMs' ? { ...i, field: 'cooldownSeconds' } : i));
  const urlProblem = input.webhookUrl ? webhookUrlProblem(input.webhookUrl) : null;
  if (urlProblem)
    issues.push({ field: 'webhookUrl', code: 'webhook_url_invalid', detail: `webhookUrl: ${urlProblem}` });
  if (issues.length === 0 && checked.ok) return checked;
  return {
    ok: false,
    code: 'alert_rule_invalid',
    field: issues[0]?.field ?? '',
    detail: issues.map((i) => `${i.field}: ${i.code}`).join('; '),
    issues,
  };
}

function columnsOf(input: RuleInput) {
  return {
    metric: input.metric,
    condition: input.condition,
    threshold: input.threshold,
    severity: input.severity,
    enabled: input.enabled ?? true,
    cooldownSeconds: input.cooldownSeconds ?? 0,
    webhookUrl: input.webhookUrl ?? null,
  };
}

function optionsOf(input: RuleInput, webhookSecretSealed: string | undefined): RuleOptions {
  const options: RuleOptions = { direction: input.direction ?? 'any' };
  if (input.condition === 'rate_of_change') options.windowMs = input.windowMs;
  if (input.condition === 'zscore') options.windowSize = input.windowSize;
  if (webhookSecretSealed && input.webhookUrl) options.webhookSecretSealed = webhookSecretSealed;
  return options;
}

/** The evaluator's view of a stored rule; ids are the row ids as strings. */
function toCoreRule(row: RuleRow): AlertRule {
  const options = (row.options ?? {}) as RuleOptions;
  const rule: AlertRule = {
    id: String(row.id),
    metric: row.metric,
    condition: row.condition as AlertRule['condition'],
    threshold: row.threshold,
    severity: row.severity as AlertRule['severity'],
    enabled: row.enabled,
    cooldownMs: row.cooldownSeconds * 1000,
    direction: (options.direction ?? 'any') as AlertRule['direction'],
  };
  if (options.windowMs !== undefined) rule.windowMs = options.windowMs;
  if (options.windowSize !== undefined) rule.windowSize = options.windowSize;
  return rule;
}

function toRuleView(row: RuleRow): RuleView {
  const options = (row.options ?? {}) as RuleOptions;
  return {
    id: row.id,
    userId: row.userId,
    metric: row.metric,
    condition: row.condition,
    threshold: row.threshold,
    severity: row.severity,
    enabled: row.enabled,
    cooldownSeconds: row.cooldownSeconds,
    direction: options.direction ?? 'any',
    windowMs: options.windowMs ?? null,
    windowSize: options.windowSize ?? null,
    webhookUrl: row.webhookUrl,
    createdAt: row.createdAt.toISOString(),
  };
}

function toEventView(row: typeof alertEvent.$inferSelect): EventView {
  return {
    id: row.id,
    ruleId: row.ruleId,
    triggeredAt: row.triggeredAt.toISOString(),
    value: row.value,
    acknowledged: row.acknowledged,
    acknowledgedBy: row.acknowledgedBy,
    details: (row.details ?? {}) as Record<string, unknown>,
  };
}

interface ParsedMessage {
  source: string;
  metric: string;
  points: { timeMs: number; value: number; metadata?: unknown }[];
}

/** Reads a metrics.samples message; null when it is not one. Points that are not numbers are skipped. */
function parseMessage(message: unknown): ParsedMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (typeof m.source !== 'string' || typeof m.metric !== 'string' || !Array.isArray(m.points)) return null;
  const points = m.points.slice(0, limits.pointsPerMessageMax).flatMap((p) => {
    const point = p as Record<string, unknown> | null;
    if (typeof point?.timeMs !== 'number' || typeof point.value !== 'number') return [];
    return [{ timeMs: point.timeMs, value: point.value, metadata: point.metadata }];
  });
  return { source: m.source, metric: m.metric, points };
}

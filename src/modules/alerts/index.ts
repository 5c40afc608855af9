// Public surface of the alerts module: what compose.ts and other modules may import.

export { AlertEvaluator, type AlertEvent, type MetricSample } from './core/evaluator.js';
export { type AlertConditionType, type AlertRule, type AlertSeverity, validateAlertRule } from './core/rule.js';
export { alertLimits, alertServiceLimits } from './limits.js';
export { alertRoutes } from './routes.js';
export {
  type AlertListener,
  AlertService,
  type AlertServiceDeps,
  alertsChannel,
  type EventView,
  metricsTopic,
  type RuleInput,
  type RuleView,
} from './service.js';
export {
  signWebhookBody,
  verifyWebhookSignature,
  webhookSignatureHeader,
  webhookToleranceSecondsDefault,
} from './webhook-signature.js';
export { type WebhookDelivery, WebhookDispatcher, type WebhookOptions, webhookUrlProblem } from './webhooks.js';

// Shapes of the forecasting API as the web page reads them, and the small pure helpers the tabs share.

/** One stored series (GET /api/v1/metrics). */
export interface SeriesItem {
  source: string;
  metric: string;
  count: number;
  first: string;
  last: string;
}

/** Backtest accuracy of one model or of the ensemble; null where undefined. */
export interface Accuracy {
  points: number;
  mae: number | null;
  smapePercent: number | null;
  mase: number | null;
  coverage95: number | null;
}

/** One model of a forecast. */
export interface ModelResult {
  name: string;
  params: Record<string, number>;
  sigma: number;
  mean: number[];
  lower: number[];
  upper: number[];
  backtest: Accuracy | null;
}

/** A pattern: a value or a typed reason it is undefined. */
export type PatternResult<T> = { ok: true; value: T } | { ok: false; code: string; detail?: string };

/** One insight with the figures it quotes. */
export interface InsightItem {
  kind: 'growth_opportunity' | 'risk_factor' | 'stability_indicator' | 'recommendation';
  horizon: 'short' | 'medium' | 'long';
  code: string;
  message: string;
  figures: Record<string, number>;
}

/** Answer of POST /api/v1/forecasts. */
export interface ForecastResult {
  generatedAtMs: number;
  horizonSteps: number;
  historyLength: number;
  input: { kind: 'series'; source: string; metric: string; samples: number } | { kind: 'inline' };
  calendar: {
    historyStartMs: number | null;
    forecastStartMs: number | null;
    weeks: number;
    gapCount: number;
    aggregation: string | null;
    gapPolicy: string | null;
  };
  history: { values: number[]; filled: number[] };
  seasonality: { period: number; detected: boolean; autocorrelation: number | null };
  models: ModelResult[];
  ensemble: { mean: number[]; lower: number[]; upper: number[]; sd: number[]; backtest: Accuracy };
  backtest: { origins: number[]; horizon: number };
  patterns: {
    trend: PatternResult<{ slopePerWeek: number; relativeSlopePerYear: number; rSquared: number; direction: string }>;
    volatility: PatternResult<{ coefficientOfVariation: number; level: string }>;
    cagr: PatternResult<{ rate: number; years: number; start: number; end: number }>;
  };
  insights: InsightItem[];
}

/** Answer of GET …/history?resample=weekly. */
export interface WeeklyHistoryResult {
  startTime: string;
  startMs: number;
  values: number[];
  filled: number[];
  gapCount: number;
  samples: number;
  aggregation: string;
  gapPolicy: string;
}

/** Answer of GET …/history (raw page). */
export interface RawHistoryResult {
  points: { time: string; timeMs: number; value: number; metadata: Record<string, unknown> | null }[];
  nextAfterMs: number | null;
}

/** Answer of a CSV upload. */
export interface CsvUploadResult {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  dataRows: number;
  rejectedCount: number;
  rejected: { line: number; field: string; code: string; reason: string }[];
}

/** Horizons offered by the selector, in weekly steps (the server accepts up to 5,218 = 100 years). */
export const horizonChoices = [
  { value: '13', label: '3 months' },
  { value: '52', label: '1 year' },
  { value: '261', label: '5 years' },
  { value: '522', label: '10 years' },
  { value: '1305', label: '25 years' },
  { value: '2609', label: '50 years' },
  { value: '5218', label: '100 years' },
];

/** Aggregations and gap policies the server understands. */
export const aggregationChoices = ['mean', 'sum', 'first', 'last', 'min', 'max'];
export const gapPolicyChoices = ['interpolate', 'carry_forward', 'zero', 'reject'];

/** Milliseconds in one week. */
export const weekMs = 7 * 86_400_000;

/** A UTC day as YYYY-MM-DD (the chart's business-day time format). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Key of a series in selects: "source/metric". */
export function seriesKey(item: { source: string; metric: string }): string {
  return `${item.source}/${item.metric}`;
}

/** A number with sensible significant digits; '—' for null or non-finite. */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const magnitude = Math.abs(x);
  if (magnitude !== 0 && (magnitude >= 1e9 || magnitude < 1e-3)) return x.toExponential(2);
  return x.toLocaleString(undefined, { maximumSignificantDigits: digits });
}

/** A fraction as a percentage ("0.0512" → "5.1%"). */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Steps at which the overview quotes the forecast: 1, 10 and the requested horizon in years, clipped. */
export function milestoneSteps(horizonSteps: number): number[] {
  const wanted = [13, 52, 261, 522, 2609, horizonSteps];
  return [...new Set(wanted.filter((s) => s <= horizonSteps))].sort((a, b) => a - b);
}

/** A horizon in weeks as words ("52 weeks (1.0 years)"). */
export function describeSteps(steps: number): string {
  const years = steps / (365.2425 / 7);
  return years < 1 ? `${steps} weeks` : `${steps} weeks (${years.toFixed(years < 10 ? 1 : 0)} years)`;
}

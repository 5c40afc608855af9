// Pure order-entry logic: the form's draft, client-side validation against the symbol's grid, and request bodies.
import { compareDecimal, isDecimal, isMultipleOf, signOfDecimal } from './decimal.js';
import type { AlgoOrderRequest, ExchangeSymbol, OrderRequest, Side, TimeInForce } from './types.js';

/** What the order-entry form offers; iceberg is a limit order with a display quantity, TWAP/VWAP are algo orders. */
export type EntryKind = 'limit' | 'market' | 'stop_limit' | 'stop_market' | 'iceberg' | 'twap' | 'vwap';

/** Every entry kind with its label, in the order the form shows them. */
export const entryKinds: ReadonlyArray<{ value: EntryKind; label: string }> = [
  { value: 'limit', label: 'Limit' },
  { value: 'market', label: 'Market' },
  { value: 'stop_limit', label: 'Stop limit' },
  { value: 'stop_market', label: 'Stop market' },
  { value: 'iceberg', label: 'Iceberg' },
  { value: 'twap', label: 'TWAP' },
  { value: 'vwap', label: 'VWAP' },
];

/** Slices an algo order may have at most (client-side guard; the server enforces its own limit). */
export const algoSlicesMax = 1000;
/** Longest algo schedule the form accepts, in seconds (one day). */
export const algoDurationMaxSeconds = 86_400;

/** The form's fields as typed (all text, so nothing is parsed into floats). */
export interface OrderDraft {
  kind: EntryKind;
  side: Side;
  quantity: string;
  price: string;
  stopPrice: string;
  protectionPrice: string;
  timeInForce: TimeInForce;
  postOnly: boolean;
  displayQuantity: string;
  durationSeconds: string;
  slices: string;
  limitPrice: string;
  randomise: boolean;
  /** Good till: a local date and time as a datetime-local input gives it (2026-12-31T17:00), or '' for none. */
  expireAt: string;
}

/** An empty draft for a side. */
export function emptyDraft(side: Side = 'buy'): OrderDraft {
  return {
    kind: 'limit',
    side,
    quantity: '',
    price: '',
    stopPrice: '',
    protectionPrice: '',
    timeInForce: 'gtc',
    postOnly: false,
    displayQuantity: '',
    durationSeconds: '300',
    slices: '10',
    limitPrice: '',
    randomise: false,
    expireAt: '',
  };
}

/** Field name -> message for every field that is wrong. */
export type FieldErrors = Partial<Record<keyof OrderDraft, string>>;

/** The outcome of validation: the request to send (without clientOrderId) or the field errors. */
export type DraftResult =
  | { ok: true; path: '/exchange/orders'; body: Omit<OrderRequest, 'clientOrderId'> }
  | { ok: true; path: '/exchange/algo-orders'; body: Omit<AlgoOrderRequest, 'clientOrderId'> }
  | { ok: false; errors: FieldErrors };

/** Which fields a kind uses, so the form shows exactly those. */
export function fieldsFor(kind: EntryKind): {
  price: boolean;
  stopPrice: boolean;
  protectionPrice: boolean;
  timeInForce: boolean;
  postOnly: boolean;
  displayQuantity: boolean;
  /** An expiry: for the orders that can wait (a GTC limit or iceberg, a stop). */
  expireAt: boolean;
  algo: boolean;
} {
  const algo = kind === 'twap' || kind === 'vwap';
  const limitLike = kind === 'limit' || kind === 'stop_limit' || kind === 'iceberg';
  return {
    price: limitLike,
    stopPrice: kind === 'stop_limit' || kind === 'stop_market',
    protectionPrice: kind === 'market',
    timeInForce: kind === 'limit' || kind === 'stop_limit',
    postOnly: kind === 'limit' || kind === 'iceberg',
    displayQuantity: kind === 'iceberg',
    expireAt: limitLike || kind === 'stop_market',
    algo,
  };
}

function checkPrice(text: string, symbol: ExchangeSymbol, required: boolean): string | undefined {
  const value = text.trim();
  if (value === '') return required ? 'Required' : undefined;
  if (!isDecimal(value)) return 'Enter a decimal number such as 101.25';
  if (signOfDecimal(value) <= 0) return 'Must be above zero';
  if (!isMultipleOf(value, symbol.tickSize)) return `Must be a multiple of the tick size ${symbol.tickSize}`;
  return undefined;
}

function checkQuantity(text: string, symbol: ExchangeSymbol): string | undefined {
  const value = text.trim();
  if (value === '') return 'Required';
  if (!isDecimal(value)) return 'Enter a decimal number such as 0.5';
  if (signOfDecimal(value) <= 0) return 'Must be above zero';
  if (!isMultipleOf(value, symbol.lotSize)) return `Must be a multiple of the lot size ${symbol.lotSize}`;
  if (compareDecimal(value, symbol.minQuantity) < 0) return `At least ${symbol.minQuantity}`;
  if (compareDecimal(value, symbol.maxQuantity) > 0) return `At most ${symbol.maxQuantity}`;
  return undefined;
}

function checkWholeNumber(text: string, min: number, max: number): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return 'Enter a whole number';
  const number = Number(value);
  if (number < min || number > max) return `Between ${min} and ${max}`;
  return undefined;
}

function put(errors: FieldErrors, field: keyof OrderDraft, message: string | undefined): void {
  if (message !== undefined) errors[field] = message;
}

/** Why `text` (a datetime-local value) is not an expiry after `nowMs`, or undefined when it is one or is empty. */
function checkExpiry(text: string, nowMs: number): string | undefined {
  if (text === '') return undefined;
  const at = new Date(text).getTime();
  if (Number.isNaN(at)) return 'Enter a date and time';
  if (at <= nowMs) return 'Must be in the future';
  return undefined;
}

/**
 * Validates a draft against the symbol and builds the request body the contract expects; `nowMs` is the time an
 * expiry must come after.
 */
export function validateDraft(draft: OrderDraft, symbol: ExchangeSymbol, nowMs = Date.now()): DraftResult {
  const fields = fieldsFor(draft.kind);
  const errors: FieldErrors = {};
  put(errors, 'quantity', checkQuantity(draft.quantity, symbol));
  if (fields.price) put(errors, 'price', checkPrice(draft.price, symbol, true));
  if (fields.stopPrice) put(errors, 'stopPrice', checkPrice(draft.stopPrice, symbol, true));
  if (fields.protectionPrice) put(errors, 'protectionPrice', checkPrice(draft.protectionPrice, symbol, false));
  if (fields.algo) {
    put(errors, 'limitPrice', checkPrice(draft.limitPrice, symbol, false));
    put(errors, 'durationSeconds', checkWholeNumber(draft.durationSeconds, 1, algoDurationMaxSeconds));
    put(errors, 'slices', checkWholeNumber(draft.slices, 1, algoSlicesMax));
  }
  if (fields.displayQuantity) {
    const message = checkQuantity(draft.displayQuantity, { ...symbol, minQuantity: symbol.lotSize });
    put(errors, 'displayQuantity', message);
    if (message === undefined && errors.quantity === undefined) {
      if (compareDecimal(draft.displayQuantity.trim(), draft.quantity.trim()) >= 0) {
        errors.displayQuantity = 'Must be below the total quantity';
      }
    }
  }
  if (fields.postOnly && draft.postOnly && fields.timeInForce && draft.timeInForce !== 'gtc') {
    errors.timeInForce = 'Post-only orders rest on the book: use GTC';
  }
  if (fields.expireAt) {
    put(errors, 'expireAt', checkExpiry(draft.expireAt, nowMs));
    if (draft.expireAt !== '' && fields.timeInForce && draft.timeInForce !== 'gtc') {
      errors.expireAt = 'Only a GTC order waits long enough to expire';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return buildRequest(draft, symbol.symbol);
}

function buildRequest(draft: OrderDraft, symbol: string): DraftResult {
  const fields = fieldsFor(draft.kind);
  const quantity = draft.quantity.trim();
  if (fields.algo) {
    const limitPrice = draft.limitPrice.trim();
    return {
      ok: true,
      path: '/exchange/algo-orders',
      body: {
        symbol,
        side: draft.side,
        quantity,
        kind: draft.kind === 'twap' ? 'twap' : 'vwap',
        durationSeconds: Number(draft.durationSeconds.trim()),
        slices: Number(draft.slices.trim()),
        ...(limitPrice === '' ? {} : { limitPrice }),
        randomise: draft.randomise,
      },
    };
  }
  const type = draft.kind === 'iceberg' ? 'limit' : (draft.kind as OrderRequest['type']);
  const protectionPrice = draft.protectionPrice.trim();
  return {
    ok: true,
    path: '/exchange/orders',
    body: {
      symbol,
      side: draft.side,
      type,
      quantity,
      ...(fields.price ? { price: draft.price.trim() } : {}),
      ...(fields.stopPrice ? { stopPrice: draft.stopPrice.trim() } : {}),
      ...(fields.protectionPrice && protectionPrice !== '' ? { protectionPrice } : {}),
      ...(fields.timeInForce ? { timeInForce: draft.timeInForce } : {}),
      ...(fields.postOnly && draft.postOnly ? { postOnly: true } : {}),
      ...(fields.displayQuantity ? { displayQuantity: draft.displayQuantity.trim() } : {}),
      ...(fields.expireAt && draft.expireAt !== '' ? { expireAt: new Date(draft.expireAt).toISOString() } : {}),
    },
  };
}

/** Maps a server problem onto the form: per-field errors where the server names a field, the rest as a banner. */
export function problemToFieldErrors(problem: {
  code: string;
  detail?: string;
  errors?: Array<{ field?: string; code?: string; message?: string }>;
}): { fields: FieldErrors; banner: string } {
  const fields: FieldErrors = {};
  const draftKeys = Object.keys(emptyDraft()) as Array<keyof OrderDraft>;
  for (const item of problem.errors ?? []) {
    const field = item.field?.replace(/^\/?(body\/)?/, '') as keyof OrderDraft | undefined;
    if (field !== undefined && draftKeys.includes(field)) {
      fields[field] = item.message ?? item.code ?? problem.code;
    }
  }
  const banner = problem.detail === undefined ? problem.code : `${problem.code}: ${problem.detail}`;
  return { fields, banner };
}

// HTTP routes of the exchange (documented in README.md and served as OpenAPI at /openapi.json): thin handlers over ExchangeService.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { err } from '../../kernel/index.js';
import { Problem, registerErrorCodes, unwrap } from '../../platform/http/errors.js';
import { pageBefore } from '../../platform/http/paging.js';
import { AssetCode, DecimalText, patterned } from '../../platform/http/patterns.js';
import { type CandleInterval, candlesFromTrades } from './candles.js';
import { exchangeLimits } from './limits.js';
import type { ExchangeProjection } from './projection.js';
import type { ExchangeService } from './service.js';
import { formatters } from './service-views.js';

registerErrorCodes({
  // Risk and market-state rejections: the request was well formed but cannot be executed now.
  trading_halted: 422,
  symbol_halted: 422,
  account_killed: 422,
  insufficient_funds: 422,
  price_outside_band: 422,
  reference_price_missing: 422,
  order_rate_exceeded: 422,
  order_quantity_above_max: 422,
  order_notional_above_max: 422,
  open_orders_above_max: 422,
  position_limit_exceeded: 422,
  post_only_would_cross: 422,
  fok_not_fully_fillable: 422,
  stop_would_trigger_immediately: 422,
  book_capacity_exceeded: 422,
  algo_child_not_amendable: 422,
  algo_orders_running_max_reached: 422,
  unknown_order: 404,
  unknown_symbol: 404,
  unknown_algo_order: 404,
  asset_not_found: 404,
  order_not_open: 409,
  algo_not_running: 409,
  algo_not_paused: 409,
  algo_finished: 409,
  symbol_already_listed: 409,
  asset_scale_conflict: 409,
  exchange_closed: 503,
});

const strict = { additionalProperties: false } as const;
const Decimal = DecimalText;
const SymbolName = patterned(
  '^[A-Z0-9][A-Z0-9._-]{0,31}$',
  'a symbol of up to 32 capital letters, digits, dots, dashes and underscores, such as BTC-USD',
);
const Asset = AssetCode;
const Side = Type.Union([Type.Literal('buy'), Type.Literal('sell')]);
const ClientOrderId = Type.String({ minLength: 1, maxLength: exchangeLimits.clientOrderIdLengthMax });
const OrderIdText = patterned('^[0-9]{1,15}$', 'a numeric order id of up to 15 digits');
const Id = Type.Object({ id: OrderIdText }, strict);
const SymbolParam = Type.Object({ symbol: SymbolName }, strict);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const OrderSchema = Type.Object({
  id: Type.String(),
  clientOrderId: Type.String(),
  symbol: Type.String(),
  side: Type.String(),
  type: Type.String(),
  status: Type.String(),
  price: Nullable(Type.String()),
  stopPrice: Nullable(Type.String()),
  quantity: Type.String(),
  filledQuantity: Type.String(),
  averageFillPrice: Nullable(Type.String()),
  timeInForce: Type.String(),
  postOnly: Type.Boolean(),
  displayQuantity: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  expireAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const FillSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  symbol: Type.String(),
  side: Type.String(),
  price: Type.String(),
  quantity: Type.String(),
  fee: Type.String(),
  feeAsset: Type.String(),
  liquidity: Type.String(),
  at: Type.String(),
});
const OrderOut = Type.Object({ order: OrderSchema, fills: Type.Array(FillSchema) });
const AlgoSchema = Type.Object({
  id: Type.String(),
  symbol: Type.String(),
  side: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  quantity: Type.String(),
  filledQuantity: Type.String(),
  averagePrice: Nullable(Type.String()),
  benchmarkPrice: Nullable(Type.String()),
  slippageBps: Type.Union([Type.Number(), Type.Null()]),
  intervalVwapPrice: Nullable(Type.String()),
  intervalSlippageBps: Type.Union([Type.Number(), Type.Null()]),
  slicesDone: Type.Integer(),
  slicesTotal: Type.Integer(),
  startAt: Type.String(),
  endAt: Type.String(),
});

function userOf(request: FastifyRequest): string {
  if (!request.principal) throw new Problem('unauthenticated');
  return request.principal.userId;
}

const read = { permission: 'exchange:read' } as const;
const trade = { permission: 'exchange:trade' } as const;
const admin = { permission: 'exchange:admin' } as const;

/** Who the platform's users are: operators may set limits and kill switches only for an account that exists. */
export interface UserDirectory {
  exists(userId: string): Promise<boolean>;
}

/**
 * Every exchange route under /exchange. `projection` (optional) serves candles from SQL; `users` (optional) makes
 * the operator routes refuse an unknown user id with 404 `user_not_found` instead of keeping limits for nobody.
 */
export function exchangeRoutes(
  service: ExchangeService,
  projection?: ExchangeProjection,
  users?: UserDirectory,
): FastifyPluginAsync {
  return async (app) => {
    app.post(
      '/exchange/symbols',
      {
        config: admin,
        schema: {
          tags: ['exchange'],
          body: Type.Object(
            {
              symbol: SymbolName,
              baseAsset: Asset,
              quoteAsset: Asset,
              baseScale: Type.Integer({ minimum: 0, maximum: exchangeLimits.assetScaleMax }),
              quoteScale: Type.Integer({ minimum: 0, maximum: exchangeLimits.assetScaleMax }),
              tickSize: Decimal,
              lotSize: Decimal,
              minQuantity: Decimal,
              maxQuantity: Decimal,
              priceBandPercent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
              referencePrice: Type.Optional(Decimal),
              makerFeeBps: Type.Integer({ minimum: 0, maximum: 10_000 }),
              takerFeeBps: Type.Integer({ minimum: 0, maximum: 10_000 }),
            },
            strict,
          ),
        },
      },
      async (request, reply) => reply.code(201).send(unwrap(await service.addSymbol(request.body as never))),
    );
    app.get('/exchange/symbols', { config: read, schema: { tags: ['exchange'] } }, async () => ({
      items: service.listSymbols(),
    }));
    app.patch(
      '/exchange/symbols/:symbol',
      {
        config: admin,
        schema: {
          tags: ['exchange'],
          description:
            'Halts or resumes trading in a symbol (a halt refuses new orders and amends, accepts cancels, and holds algo orders back), or moves its price band or reference price (null removes it). Tick, lot, quantity bounds and fees stay as listed.',
          params: SymbolParam,
          body: Type.Object(
            {
              halted: Type.Optional(Type.Boolean()),
              priceBandPercent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
              referencePrice: Type.Optional(Type.Union([Decimal, Type.Null()])),
            },
            strict,
          ),
        },
      },
      async (request) =>
        unwrap(await service.updateSymbol((request.params as { symbol: string }).symbol, request.body as never)),
    );

    app.post(
      '/exchange/orders',
      {
        config: trade,
        schema: {
          tags: ['exchange'],
          body: Type.Object(
            {
              symbol: SymbolName,
              side: Side,
              type: Type.Union(['limit', 'market', 'stop_limit', 'stop_market'].map((t) => Type.Literal(t))),
              quantity: Decimal,
              price: Type.Optional(Decimal),
              stopPrice: Type.Optional(Decimal),
              protectionPrice: Type.Optional(Decimal),
              timeInForce: Type.Optional(Type.Union(['gtc', 'ioc', 'fok'].map((t) => Type.Literal(t)))),
              postOnly: Type.Optional(Type.Boolean()),
              displayQuantity: Type.Optional(Decimal),
              selfTradePrevention: Type.Optional(
                Type.Union(['cancel_newest', 'cancel_oldest', 'decrement_both'].map((t) => Type.Literal(t))),
              ),
              clientOrderId: ClientOrderId,
              expireAt: Type.Optional(
                Type.String({
                  minLength: 10,
                  maxLength: 40,
                  description: 'good till date: an ISO 8601 time with its offset, such as 2026-12-31T17:00:00Z',
                }),
              ),
            },
            strict,
          ),
          response: { 201: OrderOut },
        },
      },
      async (request, reply) =>
        reply.code(201).send(unwrap(await service.placeOrder(userOf(request), request.body as never))),
    );
    app.delete(
      '/exchange/orders/:id',
      {
        config: trade,
        schema: { tags: ['exchange'], params: Id, response: { 200: Type.Object({ order: OrderSchema }) } },
      },
      async (request) => {
        const { order } = unwrap(await service.cancelOrder(userOf(request), (request.params as { id: string }).id));
        return { order };
      },
    );
    app.delete(
      '/exchange/orders',
      {
        config: trade,
        schema: {
          tags: ['exchange'],
          description:
            "Cancels everything the caller has working: live orders, waiting stops, running or paused algo orders (an algo order's child goes with it). With `symbol`, only that symbol's.",
          querystring: Type.Object({ symbol: Type.Optional(SymbolName) }, strict),
          response: { 200: Type.Object({ cancelledOrders: Type.Integer(), cancelledAlgoOrders: Type.Integer() }) },
        },
      },
      async (request) => unwrap(await service.cancelAll(userOf(request), request.query as { symbol?: string })),
    );
    app.patch(
      '/exchange/orders/:id',
      {
        config: trade,
        schema: {
          tags: ['exchange'],
          params: Id,
          description:
            "Changes a resting order's price and/or total quantity (a reduction at the same price keeps its place in the queue), or a waiting stop order's price, quantity and/or stopPrice (it then triggers after the stops placed or amended before it). A stop-market order has no price to change.",
          body: Type.Object(
            { price: Type.Optional(Decimal), quantity: Type.Optional(Decimal), stopPrice: Type.Optional(Decimal) },
            strict,
          ),
          response: { 200: OrderOut },
        },
      },
      async (request) =>
        unwrap(await service.amendOrder(userOf(request), (request.params as { id: string }).id, request.body as never)),
    );
    app.get(
      '/exchange/orders',
      {
        config: trade,
        schema: {
          tags: ['exchange'],
          querystring: Type.Object(
            {
              symbol: Type.Optional(SymbolName),
              status: Type.Optional(Type.Union(['open', 'closed', 'all'].map((t) => Type.Literal(t)))),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: exchangeLimits.listItemsMax })),
              // The id the last page gave as nextBefore.
              before: Type.Optional(OrderIdText),
            },
            strict,
          ),
          response: { 200: Type.Object({ items: Type.Array(OrderSchema), nextBefore: Nullable(Type.String()) }) },
        },
      },
      async (request) => page(service.listOrders(userOf(request), request.query as never), request.query),
    );
    app.get(
      '/exchange/orders/:id',
      { config: trade, schema: { tags: ['exchange'], params: Id, response: { 200: OrderSchema } } },
      async (request) => unwrap(service.getOrder(userOf(request), (request.params as { id: string }).id)),
    );
    app.get(
      '/exchange/fills',
      {
        config: trade,
        schema: {
          tags: ['exchange'],
          querystring: Type.Object(
            {
              symbol: Type.Optional(SymbolName),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: exchangeLimits.listItemsMax })),
              before: Type.Optional(
                Type.String({ minLength: 1, maxLength: 40, description: "a fill id, from the last page's nextBefore" }),
              ),
            },
            strict,
          ),
          response: { 200: Type.Object({ items: Type.Array(FillSchema), nextBefore: Nullable(Type.String()) }) },
        },
      },
      async (request) => page(service.listFills(userOf(request), request.query as never), request.query),
    );
    app.get(
      '/exchange/positions',
      {
        config: trade,
        schema: {
          tags: ['exchange'],
          querystring: Type.Object(
            { symbol: Type.Optional(SymbolName), markPrice: Type.Optional(Decimal) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({
        items: unwrap(service.positions(userOf(request), request.query as { symbol?: string; markPrice?: string })),
      }),
    );

    marketDataRoutes(app, service, projection);
    algoRoutes(app, service);

    app.get(
      '/exchange/kill-switch',
      {
        config: admin,
        schema: {
          tags: ['exchange'],
          response: {
            200: Type.Object({ globalHalted: Type.Boolean(), killedAccounts: Type.Array(Type.String()) }),
          },
        },
      },
      async () => service.killSwitches(),
    );
    app.post(
      '/exchange/kill-switch',
      {
        config: admin,
        schema: {
          tags: ['exchange'],
          body: Type.Object(
            {
              scope: Type.Union([Type.Literal('global'), Type.Literal('account')]),
              userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              engaged: Type.Boolean(),
            },
            strict,
          ),
          response: { 200: Type.Object({ cancelledOrders: Type.Integer() }) },
        },
      },
      async (request) => {
        const body = request.body as { scope: string; userId?: string };
        if (body.scope === 'account' && body.userId !== undefined) await knownUser(users, body.userId);
        return unwrap(await service.killSwitch(request.body as never));
      },
    );

    app.get(
      '/exchange/verify',
      {
        config: admin,
        schema: {
          tags: ['exchange'],
          description:
            "Audits the books: each asset's money with users, in fees and deposited net, and every broken rule (none when sound).",
          response: {
            200: Type.Object({
              assets: Type.Array(
                Type.Object({
                  asset: Type.String(),
                  users: Type.String(),
                  held: Type.String(),
                  fees: Type.String(),
                  netDeposits: Type.String(),
                }),
              ),
              problems: Type.Array(Type.String()),
            }),
          },
        },
      },
      async () => service.audit(),
    );

    riskLimitRoutes(app, service, users);
  };
}

/** Operators read, set and clear one account's pre-trade risk limits (fields left out keep their defaults). */
function riskLimitRoutes(app: App, service: ExchangeService, users?: UserDirectory): void {
  const Count = (max: number) => Type.Integer({ minimum: 1, maximum: max });
  const Limits = Type.Object(
    {
      orderQuantityMax: Type.Optional(Decimal),
      orderNotionalMax: Type.Optional(Decimal),
      openOrdersMax: Type.Optional(Count(exchangeLimits.openOrdersPerAccountMax)),
      positionMax: Type.Optional(Decimal),
      positionMaxBySymbol: Type.Optional(
        Type.Record(SymbolName, Decimal, { maxProperties: exchangeLimits.riskLimitSymbolsMax }),
      ),
      ordersPerWindowMax: Type.Optional(Count(exchangeLimits.ordersPerRateWindowMax)),
    },
    strict,
  );
  const View = Type.Object({
    userId: Type.String(),
    limits: Type.Union([Limits, Type.Null()]),
    defaults: Type.Object({
      openOrdersMax: Type.Integer(),
      ordersPerWindowMax: Type.Integer(),
      rateWindowMs: Type.Integer(),
    }),
  });
  const params = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
  app.get(
    '/exchange/risk-limits/:userId',
    { config: admin, schema: { tags: ['exchange'], params, response: { 200: View } } },
    async (request) => unwrap(service.riskLimits((request.params as { userId: string }).userId)),
  );
  app.put(
    '/exchange/risk-limits/:userId',
    { config: admin, schema: { tags: ['exchange'], params, body: Limits, response: { 200: View } } },
    async (request) => {
      const { userId } = request.params as { userId: string };
      await knownUser(users, userId);
      return unwrap(await service.setRiskLimits(userId, request.body as never));
    },
  );
  app.delete(
    '/exchange/risk-limits/:userId',
    { config: admin, schema: { tags: ['exchange'], params, response: { 200: View } } },
    async (request) => unwrap(await service.setRiskLimits((request.params as { userId: string }).userId, null)),
  );
}

type App = Parameters<FastifyPluginAsync>[0];

/** A page of a newest-first list, at the request's `limit` (or the default). */
function page<T extends { id: string }>(items: T[], query: unknown): { items: T[]; nextBefore: string | null } {
  return pageBefore(items, (query as { limit?: number }).limit ?? exchangeLimits.listItemsDefault);
}

/** Throws 404 user_not_found when a directory is given and does not know `userId`. */
async function knownUser(users: UserDirectory | undefined, userId: string): Promise<void> {
  if (users && !(await users.exists(userId))) throw Problem.from(err('user_not_found', `no user ${userId}`, 'userId'));
}

function marketDataRoutes(app: App, service: ExchangeService, projection?: ExchangeProjection): void {
  const limitQuery = (max: number) =>
    Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: max })) }, strict);
  app.get(
    '/exchange/book/:symbol',
    {
      config: read,
      schema: {
        tags: ['exchange'],
        params: SymbolParam,
        querystring: Type.Object(
          { levels: Type.Optional(Type.Integer({ minimum: 1, maximum: exchangeLimits.bookLevelsMax })) },
          strict,
        ),
      },
    },
    async (request) => {
      const { levels } = request.query as { levels?: number };
      return unwrap(service.book((request.params as { symbol: string }).symbol, levels ?? 20));
    },
  );
  app.get(
    '/exchange/trades/:symbol',
    {
      config: read,
      schema: { tags: ['exchange'], params: SymbolParam, querystring: limitQuery(exchangeLimits.listItemsMax) },
    },
    async (request) => {
      const { limit } = request.query as { limit?: number };
      return {
        items: unwrap(
          service.trades((request.params as { symbol: string }).symbol, limit ?? exchangeLimits.listItemsDefault),
        ),
      };
    },
  );
  app.get(
    '/exchange/candles/:symbol',
    {
      config: read,
      schema: {
        tags: ['exchange'],
        params: SymbolParam,
        querystring: Type.Object(
          {
            interval: Type.Optional(Type.Union(['1m', '5m', '1h', '1d'].map((t) => Type.Literal(t)))),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: exchangeLimits.listItemsMax })),
          },
          strict,
        ),
      },
    },
    async (request) => {
      const symbol = (request.params as { symbol: string }).symbol;
      const { interval = '1m', limit = 200 } = request.query as { interval?: CandleInterval; limit?: number };
      const sym = service.symbolRecord(symbol);
      if (!sym) throw new Problem('unknown_symbol', symbol);
      const candles = projection
        ? await projection.candles(symbol, interval, limit)
        : candlesFromTrades(service.recentTrades(symbol), interval, limit);
      const f = formatters(sym);
      return {
        items: candles.map((c) => ({
          t: new Date(c.startMs).toISOString(),
          open: f.price(c.open),
          high: f.price(c.high),
          low: f.price(c.low),
          close: f.price(c.close),
          volume: f.qty(c.volume),
        })),
      };
    },
  );
}

function algoRoutes(app: App, service: ExchangeService): void {
  app.post(
    '/exchange/algo-orders',
    {
      config: trade,
      schema: {
        tags: ['exchange'],
        body: Type.Object(
          {
            symbol: SymbolName,
            side: Side,
            quantity: Decimal,
            kind: Type.Union([Type.Literal('twap'), Type.Literal('vwap')]),
            durationSeconds: Type.Integer({ minimum: 1, maximum: exchangeLimits.algoDurationSecondsMax }),
            slices: Type.Integer({ minimum: 1, maximum: 10_000 }),
            limitPrice: Type.Optional(Decimal),
            randomise: Type.Optional(Type.Boolean()),
            clientOrderId: ClientOrderId,
          },
          strict,
        ),
        response: { 201: AlgoSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(unwrap(await service.createAlgo(userOf(request), request.body as never))),
  );
  app.get(
    '/exchange/algo-orders',
    {
      config: trade,
      schema: {
        tags: ['exchange'],
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: exchangeLimits.listItemsMax })),
            // The id the last page gave as nextBefore.
            before: Type.Optional(OrderIdText),
          },
          strict,
        ),
        response: { 200: Type.Object({ items: Type.Array(AlgoSchema), nextBefore: Nullable(Type.String()) }) },
      },
    },
    async (request) => page(service.listAlgos(userOf(request), request.query as never), request.query),
  );
  app.get(
    '/exchange/algo-orders/:id',
    { config: trade, schema: { tags: ['exchange'], params: Id, response: { 200: AlgoSchema } } },
    async (request) => unwrap(service.getAlgo(userOf(request), (request.params as { id: string }).id)),
  );
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post(
      `/exchange/algo-orders/:id/${action}`,
      { config: trade, schema: { tags: ['exchange'], params: Id, response: { 200: AlgoSchema } } },
      async (request) =>
        unwrap(await service.controlAlgo(userOf(request), (request.params as { id: string }).id, action)),
    );
  }
}

// Data hooks of the trading page: REST queries, the live market feed (book, trades, candles) and the orders feed.
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer, useRef, useSyncExternalStore } from 'react';
import { api } from '../api.js';
import type { ItemList, Page, User } from '../api-types.js';
import { notifyError } from '../notifications.js';
import { liveSocket, type SocketStatus } from '../ws.js';
import { type BookSync, initialBookSync, syncOnSnapshot, syncOnSnapshotRequested, syncOnUpdate } from './book-state.js';
import { applyTradeToCandles, candleIntervals, candlesKeptMax } from './candles.js';
import type {
  AlgoOrder,
  Balance,
  BookSnapshot,
  Candle,
  CandleInterval,
  ExchangeSymbol,
  Fill,
  MarketUpdate,
  Order,
  Position,
  PublicTrade,
  SymbolUpdate,
  TradeUpdate,
  Transfer,
} from './types.js';

/** Levels asked of GET /book. */
export const bookLevels = 20;
/** Trades kept in the recent-trades list. */
export const recentTradesMax = 100;
/** Wait after a live trade before re-reading the trade list from the server (batches bursts). */
const tradesRefetchDelayMs = 1500;
/** Wait after a private event before re-reading orders, fills, balances and positions (batches bursts). */
const privateRefetchDelayMs = 200;
/** Wait before retrying a failed snapshot fetch. */
const snapshotRetryMs = 2000;

/** TanStack Query keys of the exchange, so mutations and live events invalidate the same entries. */
export const exchangeKeys = {
  symbols: ['exchange', 'symbols'] as const,
  trades: (symbol: string) => ['exchange', 'trades', symbol] as const,
  candles: (symbol: string, interval: CandleInterval) => ['exchange', 'candles', symbol, interval] as const,
  orders: ['exchange', 'orders'] as const,
  fills: ['exchange', 'fills'] as const,
  positions: ['exchange', 'positions'] as const,
  algoOrders: ['exchange', 'algo-orders'] as const,
  balances: ['ledger', 'balances'] as const,
  transfers: ['ledger', 'transfers'] as const,
};

/** True when the signed-in user holds the permission (the server enforces it as well). */
export function can(user: User, permission: string): boolean {
  return user.permissions.includes(permission);
}

const enc = encodeURIComponent;

/** The tradable symbols. */
export function useSymbols() {
  return useQuery({
    queryKey: exchangeKeys.symbols,
    queryFn: ({ signal }) => api.get<ItemList<ExchangeSymbol>>('/exchange/symbols', { signal }),
  });
}

/** Recent public trades of a symbol (kept current by the market feed). */
export function useTrades(symbol: string) {
  return useQuery({
    queryKey: exchangeKeys.trades(symbol),
    queryFn: ({ signal }) =>
      api.get<ItemList<PublicTrade>>(`/exchange/trades/${enc(symbol)}?limit=${recentTradesMax}`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Candles of a symbol at an interval (the last one kept current by the market feed). */
export function useCandles(symbol: string, interval: CandleInterval) {
  return useQuery({
    queryKey: exchangeKeys.candles(symbol, interval),
    queryFn: ({ signal }) =>
      api.get<ItemList<Candle>>(`/exchange/candles/${enc(symbol)}?interval=${interval}&limit=${candlesKeptMax}`, {
        signal,
      }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The user's own orders: open ones, closed ones, or all. */
/** Orders per page of a list. */
export const ordersPageSize = 100;

export function useOrders(status: 'open' | 'closed' | 'all', enabled: boolean) {
  return useQuery({
    queryKey: [...exchangeKeys.orders, status],
    queryFn: ({ signal }) =>
      api.get<Page<Order>>(`/exchange/orders?status=${status}&limit=${ordersPageSize}`, { signal }),
    enabled,
  });
}

/** The user's own fills. */
export function useFills(enabled: boolean) {
  return useQuery({
    queryKey: exchangeKeys.fills,
    queryFn: ({ signal }) => api.get<ItemList<Fill>>('/exchange/fills?limit=100', { signal }),
    enabled,
  });
}

/** The user's positions. */
export function usePositions(enabled: boolean) {
  return useQuery({
    queryKey: exchangeKeys.positions,
    queryFn: ({ signal }) => api.get<ItemList<Position>>('/exchange/positions', { signal }),
    enabled,
  });
}

/** The user's TWAP/VWAP orders. */
export function useAlgoOrders(enabled: boolean) {
  return useQuery({
    queryKey: exchangeKeys.algoOrders,
    queryFn: ({ signal }) => api.get<ItemList<AlgoOrder>>('/exchange/algo-orders', { signal }),
    enabled,
    // Algo orders progress on the server's schedule; poll while any runs, in addition to the orders channel.
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.status === 'running') ? 5000 : false),
  });
}

/** The user's ledger balances. */
export function useBalances(enabled: boolean) {
  return useQuery({
    queryKey: exchangeKeys.balances,
    queryFn: ({ signal }) => api.get<ItemList<Balance>>('/ledger/balances', { signal }),
    enabled,
  });
}

/** Deposits and withdrawals, newest first: the signed-in user's, or with `userId` another's (administrators). */
export function useTransfers(enabled: boolean, userId?: string) {
  return useQuery({
    queryKey: [...exchangeKeys.transfers, userId ?? 'own'],
    queryFn: ({ signal }) =>
      api.get<ItemList<Transfer> & { nextBefore: string | null }>(
        `/ledger/transfers?limit=100${userId === undefined ? '' : `&userId=${enc(userId)}`}`,
        { signal },
      ),
    enabled,
  });
}

/** Whether the signed-in user may book a deposit to their own account (an administrator, or anyone in a sandbox). */
export function useDepositPolicy(enabled: boolean) {
  return useQuery({
    queryKey: ['ledger', 'deposit-policy'] as const,
    queryFn: ({ signal }) =>
      api.get<{ selfDeposits: boolean; mayDepositOwn: boolean }>('/ledger/deposit-policy', { signal }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Re-reads everything private (after an order, fill, cancel or transfer). */
export function invalidatePrivate(queryClient: QueryClient): void {
  for (const key of [
    exchangeKeys.orders,
    exchangeKeys.fills,
    exchangeKeys.positions,
    exchangeKeys.algoOrders,
    exchangeKeys.balances,
    exchangeKeys.transfers,
  ]) {
    void queryClient.invalidateQueries({ queryKey: key });
  }
}

/** The live connection's status, for the "live / reconnecting" badge. */
export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(
    (onChange) => liveSocket.onStatus(onChange),
    () => liveSocket.status,
    () => liveSocket.status,
  );
}

function foldTrade(queryClient: QueryClient, symbol: string, trade: TradeUpdate): void {
  queryClient.setQueryData<ItemList<PublicTrade>>(exchangeKeys.trades(symbol), (old) =>
    old === undefined
      ? old
      : {
          items: [
            {
              id: `live-${trade.seq}`,
              price: trade.price,
              quantity: trade.quantity,
              takerSide: trade.takerSide,
              at: trade.at,
            },
            ...old.items,
          ].slice(0, recentTradesMax),
        },
  );
  for (const interval of candleIntervals) {
    queryClient.setQueryData<ItemList<Candle>>(exchangeKeys.candles(symbol, interval), (old) =>
      old === undefined ? old : { items: applyTradeToCandles(old.items, trade, interval) },
    );
  }
}

/**
 * The live order book of a symbol: GET /book, then 'market-updates' deltas in sequence; a gap or a reconnect
 * fetches a new snapshot. Trades on the same channel update recent trades and the last candle.
 */
export function useMarketFeed(symbol: string): BookSync {
  const queryClient = useQueryClient();
  const [sync, dispatch] = useReducer(
    (state: BookSync, step: (state: BookSync) => BookSync) => step(state),
    initialBookSync,
  );

  // Mounted flag in a ref, not effect cleanup: requesting the snapshot changes `needsSnapshot`, which re-runs the
  // effect, and a cleanup there would discard the very answer it is waiting for.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!sync.needsSnapshot) return;
    dispatch(syncOnSnapshotRequested);
    api
      .get<BookSnapshot>(`/exchange/book/${enc(symbol)}?levels=${bookLevels}`)
      .then((snapshot) => {
        if (mounted.current) dispatch(syncOnSnapshot(snapshot));
      })
      .catch((error: unknown) => {
        if (!mounted.current) return;
        notifyError(error, 'Could not load the order book');
        setTimeout(() => {
          if (mounted.current) dispatch((state) => ({ ...state, needsSnapshot: true }));
        }, snapshotRetryMs);
      });
  }, [sync.needsSnapshot, symbol]);

  useEffect(() => {
    let refetchTrades: ReturnType<typeof setTimeout> | undefined;
    const stop = liveSocket.subscribe(
      'market-updates',
      symbol,
      (data) => {
        const message = data as MarketUpdate | SymbolUpdate;
        if (message.symbol !== symbol) return;
        if (message.type === 'symbol') {
          // Halted, resumed or its band moved: the list carries the settings every panel reads.
          void queryClient.invalidateQueries({ queryKey: exchangeKeys.symbols });
          return;
        }
        const update = message;
        dispatch((state) => syncOnUpdate(state, update));
        if (update.type !== 'trade') return;
        foldTrade(queryClient, symbol, update);
        // The live row shows at once; the server's list (with real trade ids) replaces it shortly after.
        if (refetchTrades === undefined) {
          refetchTrades = setTimeout(() => {
            refetchTrades = undefined;
            void queryClient.invalidateQueries({ queryKey: exchangeKeys.trades(symbol) });
          }, tradesRefetchDelayMs);
        }
      },
      () => {
        // Events may have been missed while disconnected: start again from a snapshot.
        dispatch(() => initialBookSync);
        void queryClient.invalidateQueries({ queryKey: ['exchange', 'trades', symbol] });
        void queryClient.invalidateQueries({ queryKey: ['exchange', 'candles', symbol] });
      },
    );
    return () => {
      stop();
      if (refetchTrades !== undefined) clearTimeout(refetchTrades);
    };
  }, [symbol, queryClient]);

  return sync;
}

/** Keeps private panels current: any 'orders' channel event re-reads orders, fills, balances and positions. */
export function useOrdersFeed(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (pending !== undefined) return;
      pending = setTimeout(() => {
        pending = undefined;
        invalidatePrivate(queryClient);
      }, privateRefetchDelayMs);
    };
    const stop = liveSocket.subscribe('orders', undefined, refresh, refresh);
    return () => {
      stop();
      if (pending !== undefined) clearTimeout(pending);
    };
  }, [enabled, queryClient]);
}

// The user's closed orders, newest first: filled or cancelled, with the average fill price and why a cancelled one
// was cancelled (GET /exchange/orders?status=closed).
import { Button, Loader, Table } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import type { Page } from '../api-types.js';
import { formatTime } from '../pages/format.js';
import { ordersPageSize, useOrders } from './hooks.js';
import { OrderCells, OrderHeadCells } from './open-orders.js';
import { clockTime, Empty, Panel, PanelTable, showPrice, symbolFinder } from './panel.js';
import type { ExchangeSymbol, Order } from './types.js';

/** Closed orders across symbols; `symbols` gives each row its tick and lot for display. */
export function OrderHistory({ symbols }: { symbols: readonly ExchangeSymbol[] }) {
  const orders = useOrders('closed', true);
  // Older pages, loaded on demand below the live first page (closed orders do not change, so they stay valid).
  const [older, setOlder] = useState<Page<Order> | null>(null);
  const loadOlder = useMutation({
    mutationFn: (before: string) =>
      api.get<Page<Order>>(`/exchange/orders?status=closed&limit=${ordersPageSize}&before=${before}`),
    onSuccess: (page) =>
      setOlder((current) => ({ items: [...(current?.items ?? []), ...page.items], nextBefore: page.nextBefore })),
  });
  const first = orders.data?.items ?? [];
  const seen = new Set(first.map((order) => order.id));
  const items = [...first, ...(older?.items ?? []).filter((order) => !seen.has(order.id))];
  const cursor = older === null ? (orders.data?.nextBefore ?? null) : older.nextBefore;
  const symbolOf = symbolFinder(symbols);
  return (
    <Panel title="Order history" testId="order-history">
      {orders.isPending ? (
        <Loader size="sm" aria-label="Loading order history" />
      ) : items.length === 0 ? (
        <Empty testId="order-history-empty">No closed orders yet.</Empty>
      ) : (
        <PanelTable minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <OrderHeadCells />
              <Table.Th ta="right">Avg price</Table.Th>
              <Table.Th>Closed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((order) => {
              const symbol = symbolOf(order.symbol);
              return (
                <Table.Tr
                  key={order.id}
                  data-testid="history-order"
                  data-status={order.status}
                  data-cancel-reason={order.cancelReason ?? ''}
                >
                  <OrderCells order={order} symbol={symbol} />
                  <Table.Td ta="right" ff="monospace">
                    {showPrice(order.averageFillPrice, symbol)}
                  </Table.Td>
                  <Table.Td>
                    <span title={formatTime(order.updatedAt)}>{clockTime(order.updatedAt)}</span>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </PanelTable>
      )}
      {cursor !== null && (
        <Button
          size="compact-xs"
          variant="subtle"
          mt={4}
          loading={loadOlder.isPending}
          onClick={() => loadOlder.mutate(cursor)}
          data-testid="order-history-older"
        >
          Load older orders
        </Button>
      )}
    </Panel>
  );
}

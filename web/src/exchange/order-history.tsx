// The user's closed orders, newest first: filled or cancelled, with the average fill price and why a cancelled one
// was cancelled (GET /exchange/orders?status=closed).
import { Loader, Table } from '@mantine/core';
import { formatTime } from '../pages/format.js';
import { useOrders } from './hooks.js';
import { OrderCells, OrderHeadCells } from './open-orders.js';
import { clockTime, Empty, Panel, PanelTable, showPrice } from './panel.js';
import type { ExchangeSymbol } from './types.js';

/** Closed orders across symbols; `symbols` gives each row its tick and lot for display. */
export function OrderHistory({ symbols }: { symbols: readonly ExchangeSymbol[] }) {
  const orders = useOrders('closed', true);
  const items = orders.data?.items ?? [];
  const symbolOf = (name: string) => symbols.find((candidate) => candidate.symbol === name);
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
    </Panel>
  );
}

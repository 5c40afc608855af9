// The user's closed orders, newest first: filled or cancelled, with the average fill price and why a cancelled one
// was cancelled (GET /exchange/orders?status=closed).
import { Loader, ScrollArea, Table, Text } from '@mantine/core';
import { formatTime } from '../pages/format.js';
import { useOrders } from './hooks.js';
import { clockTime, Empty, Panel, showPrice, showQuantity, sideColor } from './panel.js';
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
        <ScrollArea.Autosize mah={300}>
          <Table.ScrollContainer minWidth={640} type="native">
            <Table fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Symbol</Table.Th>
                  <Table.Th>Side</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th ta="right">Price</Table.Th>
                  <Table.Th ta="right">Filled / qty</Table.Th>
                  <Table.Th ta="right">Avg price</Table.Th>
                  <Table.Th>Status</Table.Th>
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
                      <Table.Td>{order.symbol}</Table.Td>
                      <Table.Td c={sideColor(order.side)}>{order.side}</Table.Td>
                      <Table.Td>{order.type.replace('_', ' ')}</Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {showPrice(order.price, symbol)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {showQuantity(order.filledQuantity, symbol)} / {showQuantity(order.quantity, symbol)}
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {showPrice(order.averageFillPrice, symbol)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" tt="uppercase" fw={600} c="dimmed">
                          {order.status.replace('_', ' ')}
                        </Text>
                        {order.cancelReason !== null && (
                          <Text size="xs" c="dimmed">
                            {order.cancelReason.replaceAll('_', ' ')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <span title={formatTime(order.updatedAt)}>{clockTime(order.updatedAt)}</span>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ScrollArea.Autosize>
      )}
    </Panel>
  );
}

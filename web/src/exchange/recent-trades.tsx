// Recent public trades of a symbol, newest first, coloured by the taker's side.
import { Loader, ScrollArea, Table } from '@mantine/core';
import { useTrades } from './hooks.js';
import { clockTime, Empty, Panel, showPrice, showQuantity, sideColor } from './panel.js';
import type { ExchangeSymbol } from './types.js';

/** The recent-trades list. */
export function RecentTrades({ symbol }: { symbol: ExchangeSymbol }) {
  const trades = useTrades(symbol.symbol);
  const items = [...(trades.data?.items ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Panel title="Recent trades" testId="recent-trades">
      {trades.isPending ? (
        <Loader size="sm" aria-label="Loading trades" />
      ) : items.length === 0 ? (
        <Empty testId="trades-empty">No trades yet.</Empty>
      ) : (
        <ScrollArea.Autosize mah={320}>
          <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Price</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th ta="right">Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((trade) => (
                <Table.Tr
                  key={trade.id}
                  data-testid="trade-row"
                  data-price={trade.price}
                  data-quantity={trade.quantity}
                  data-side={trade.takerSide}
                >
                  <Table.Td c={sideColor(trade.takerSide)} ff="monospace">
                    {showPrice(trade.price, symbol)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showQuantity(trade.quantity, symbol)}
                  </Table.Td>
                  <Table.Td ta="right" c="dimmed">
                    {clockTime(trade.at)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Panel>
  );
}

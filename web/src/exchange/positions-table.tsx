// Net positions per symbol with average price, realised / unrealised PnL, the fees paid and realised PnL after them.
import { Loader, Table } from '@mantine/core';
import { usePositions } from './hooks.js';
import { Empty, Panel, pnlColor, showDecimal, showPrice, showQuantity, symbolFinder } from './panel.js';
import type { ExchangeSymbol } from './types.js';

/** The positions list. */
export function PositionsTable({ symbols }: { symbols: readonly ExchangeSymbol[] }) {
  const positions = usePositions(true);
  const items = positions.data?.items ?? [];
  const symbolOf = symbolFinder(symbols);
  return (
    <Panel title="Positions" testId="positions">
      {positions.isPending ? (
        <Loader size="sm" aria-label="Loading positions" />
      ) : items.length === 0 ? (
        <Empty testId="positions-empty">No positions.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={680} type="native">
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Symbol</Table.Th>
                <Table.Th ta="right">Quantity</Table.Th>
                <Table.Th ta="right">Avg price</Table.Th>
                <Table.Th ta="right">Mark</Table.Th>
                <Table.Th ta="right">Realised</Table.Th>
                <Table.Th ta="right">Unrealised</Table.Th>
                <Table.Th ta="right">Fees</Table.Th>
                <Table.Th ta="right" title="realised PnL less the fees paid">
                  Net realised
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((position) => {
                const symbol = symbolOf(position.symbol);
                return (
                  <Table.Tr
                    key={position.symbol}
                    data-testid="position-row"
                    data-symbol={position.symbol}
                    data-quantity={position.quantity}
                  >
                    <Table.Td>{position.symbol}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {showQuantity(position.quantity, symbol)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {showPrice(position.averagePrice, symbol)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {showPrice(position.markPrice, symbol)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" c={pnlColor(position.realisedPnl)}>
                      {showDecimal(position.realisedPnl)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" c={pnlColor(position.unrealisedPnl)}>
                      {showDecimal(position.unrealisedPnl)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" data-testid="position-fees">
                      {showDecimal(position.fees)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" c={pnlColor(position.netRealisedPnl)}>
                      {showDecimal(position.netRealisedPnl)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}

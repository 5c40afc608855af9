// The user's fills: price, size, fee and whether the order made or took liquidity.
import { Badge, Loader, Table } from '@mantine/core';
import { formatTime } from '../pages/format.js';
import { useFills } from './hooks.js';
import {
  clockTime,
  Empty,
  Panel,
  PanelTable,
  showDecimal,
  showPrice,
  showQuantity,
  sideColor,
  symbolFinder,
} from './panel.js';
import type { ExchangeSymbol } from './types.js';

/** The fills list. */
export function FillsTable({ symbols }: { symbols: readonly ExchangeSymbol[] }) {
  const fills = useFills(true);
  const items = [...(fills.data?.items ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const symbolOf = symbolFinder(symbols);
  return (
    <Panel title="Fills" testId="fills">
      {fills.isPending ? (
        <Loader size="sm" aria-label="Loading fills" />
      ) : items.length === 0 ? (
        <Empty testId="fills-empty">No fills yet.</Empty>
      ) : (
        <PanelTable minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Symbol</Table.Th>
              <Table.Th>Side</Table.Th>
              <Table.Th ta="right">Price</Table.Th>
              <Table.Th ta="right">Size</Table.Th>
              <Table.Th ta="right">Fee</Table.Th>
              <Table.Th>Liquidity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((fill) => {
              const symbol = symbolOf(fill.symbol);
              return (
                <Table.Tr
                  key={fill.id}
                  data-testid="fill-row"
                  data-price={fill.price}
                  data-quantity={fill.quantity}
                  data-side={fill.side}
                  data-liquidity={fill.liquidity}
                >
                  <Table.Td>
                    <span title={formatTime(fill.at)}>{clockTime(fill.at)}</span>
                  </Table.Td>
                  <Table.Td>{fill.symbol}</Table.Td>
                  <Table.Td c={sideColor(fill.side)}>{fill.side}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showPrice(fill.price, symbol)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showQuantity(fill.quantity, symbol)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showDecimal(fill.fee)} {fill.feeAsset}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={fill.liquidity === 'maker' ? 'blue' : 'grape'}>
                      {fill.liquidity}
                    </Badge>
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

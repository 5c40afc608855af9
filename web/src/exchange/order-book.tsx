// The order-book ladder: asks above, bids below, each level with its cumulative size and a depth bar.
import { Badge, Box, Group, Loader, Table, Text } from '@mantine/core';
import { type BookState, cumulativeDepth, type DepthPoint } from './book-state.js';
import { decimalToNumber, subtractDecimal } from './decimal.js';
import { Empty, Panel, showPrice, showQuantity } from './panel.js';
import type { ExchangeSymbol } from './types.js';

/** Levels shown per side. */
export const ladderLevels = 12;

function LadderRow({
  point,
  side,
  maxCumulative,
  symbol,
  onPick,
}: {
  point: DepthPoint;
  side: 'bid' | 'ask';
  maxCumulative: number;
  symbol: ExchangeSymbol;
  onPick?: (price: string) => void;
}) {
  const share = maxCumulative > 0 ? (decimalToNumber(point.cumulative) / maxCumulative) * 100 : 0;
  const color = side === 'bid' ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-red-light)';
  return (
    <Table.Tr
      data-testid={`book-${side}`}
      data-price={point.price}
      data-quantity={point.quantity}
      style={{
        background: `linear-gradient(to left, ${color} ${share}%, transparent ${share}%)`,
        cursor: onPick === undefined ? undefined : 'pointer',
      }}
      onClick={onPick === undefined ? undefined : () => onPick(point.price)}
      title={onPick === undefined ? undefined : 'Use this price in the order form'}
    >
      <Table.Td c={side === 'bid' ? 'teal' : 'red'} ff="monospace">
        {showPrice(point.price, symbol)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {showQuantity(point.quantity, symbol)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace" c="dimmed">
        {showQuantity(point.cumulative, symbol)}
      </Table.Td>
    </Table.Tr>
  );
}

/** The ladder for one symbol; `book` is null while the snapshot loads; clicking a level calls `onPick` with its price. */
export function OrderBook({
  book,
  symbol,
  onPick,
}: {
  book: BookState | null;
  symbol: ExchangeSymbol;
  onPick?: (price: string) => void;
}) {
  if (book === null) {
    return (
      <Panel title="Order book" testId="order-book">
        <Loader size="sm" aria-label="Loading the order book" />
      </Panel>
    );
  }
  const asks = cumulativeDepth(book.asks, ladderLevels);
  const bids = cumulativeDepth(book.bids, ladderLevels);
  const maxCumulative = Math.max(
    decimalToNumber(asks.at(-1)?.cumulative ?? '0'),
    decimalToNumber(bids.at(-1)?.cumulative ?? '0'),
  );
  const bestBid = book.bids[0]?.[0];
  const bestAsk = book.asks[0]?.[0];
  return (
    <Panel
      title={`Book ${symbol.baseAsset}/${symbol.quoteAsset}`}
      testId="order-book"
      actions={
        <Badge variant="light" color="gray" data-testid="book-seq">
          seq {book.seq}
        </Badge>
      }
    >
      {asks.length === 0 && bids.length === 0 ? (
        <Empty testId="book-empty">The book is empty: no resting orders.</Empty>
      ) : (
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Price</Table.Th>
              <Table.Th ta="right">Size</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...asks].reverse().map((point) => (
              <LadderRow
                key={`a${point.price}`}
                point={point}
                side="ask"
                maxCumulative={maxCumulative}
                symbol={symbol}
                onPick={onPick}
              />
            ))}
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Box py={2}>
                  <Group gap="xs" justify="center">
                    <Text size="xs" c="dimmed" data-testid="book-spread">
                      {bestBid !== undefined && bestAsk !== undefined
                        ? `spread ${showPrice(subtractDecimal(bestAsk, bestBid), symbol)}`
                        : 'no spread: one side is empty'}
                    </Text>
                  </Group>
                </Box>
              </Table.Td>
            </Table.Tr>
            {bids.map((point) => (
              <LadderRow
                key={`b${point.price}`}
                point={point}
                side="bid"
                maxCumulative={maxCumulative}
                symbol={symbol}
                onPick={onPick}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}

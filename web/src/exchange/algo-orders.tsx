// TWAP/VWAP orders: progress, achieved average against the benchmark, and pause/resume/cancel.
import { Badge, Button, Group, Loader, Progress, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api.js';
import { formatTime } from '../pages/format.js';
import { decimalToNumber } from './decimal.js';
import { invalidatePrivate, useAlgoOrders } from './hooks.js';
import { Empty, Panel, PanelTable, showPrice, showQuantity, sideColor, symbolFinder } from './panel.js';
import type { AlgoOrder, ExchangeSymbol } from './types.js';

type AlgoAction = 'pause' | 'resume' | 'cancel';

/** Slippage is cost when positive (bought above / sold below the benchmark), so it shows red. */
function slippageText(slippageBps: AlgoOrder['slippageBps']): { text: string; color: string | undefined } {
  if (slippageBps === null || slippageBps === undefined) return { text: '—', color: undefined };
  const bps = Number(slippageBps);
  return { text: `${slippageBps} bps`, color: bps > 0 ? 'red' : bps < 0 ? 'teal' : undefined };
}

/** A benchmark cell: the benchmark price, and the achieved average's slippage against it below. */
function Benchmark({
  price,
  slippageBps,
  symbol,
  testId,
}: {
  price: string | null;
  slippageBps: AlgoOrder['slippageBps'];
  symbol: ExchangeSymbol | undefined;
  testId: string;
}) {
  const slippage = slippageText(slippageBps);
  return (
    <Table.Td
      ta="right"
      ff="monospace"
      style={{ whiteSpace: 'nowrap' }}
      data-testid={testId}
      data-slippage-bps={slippageBps ?? ''}
    >
      <Text size="sm" ff="monospace">
        {showPrice(price, symbol)}
      </Text>
      <Text size="xs" c={slippage.color}>
        {slippage.text}
      </Text>
    </Table.Td>
  );
}

/** The algo-orders list. */
export function AlgoOrders({ symbols }: { symbols: readonly ExchangeSymbol[] }) {
  const queryClient = useQueryClient();
  const algos = useAlgoOrders(true);
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: AlgoAction }) =>
      api.post<AlgoOrder>(`/exchange/algo-orders/${encodeURIComponent(id)}/${action}`),
    onSuccess: () => invalidatePrivate(queryClient),
  });
  const items = algos.data?.items ?? [];
  const symbolOf = symbolFinder(symbols);
  /** The button for one control of one parent order (test id `algo-<action>`). */
  const control = (id: string, action: AlgoAction, label: string, color?: string) => (
    <Button
      size="compact-xs"
      variant="light"
      color={color}
      loading={act.isPending && act.variables?.id === id && act.variables.action === action}
      onClick={() => act.mutate({ id, action })}
      data-testid={`algo-${action}`}
    >
      {label}
    </Button>
  );

  return (
    <Panel title="Algo orders" testId="algo-orders">
      {algos.isPending ? (
        <Loader size="sm" aria-label="Loading algo orders" />
      ) : items.length === 0 ? (
        <Empty testId="algo-orders-empty">No algo orders.</Empty>
      ) : (
        <PanelTable minWidth={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Algo</Table.Th>
              <Table.Th>Progress</Table.Th>
              <Table.Th ta="right">Avg price</Table.Th>
              <Table.Th ta="right" title="the last price when the order arrived, and the slippage against it">
                Arrival
              </Table.Th>
              <Table.Th ta="right" title="the market's VWAP while the order worked, and the slippage against it">
                Interval VWAP
              </Table.Th>
              <Table.Th>Window</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((order) => {
              const symbol = symbolOf(order.symbol);
              const share = order.slicesTotal > 0 ? (order.slicesDone / order.slicesTotal) * 100 : 0;
              const filledShare =
                decimalToNumber(order.quantity) > 0
                  ? (decimalToNumber(order.filledQuantity) / decimalToNumber(order.quantity)) * 100
                  : 0;
              const live = order.status === 'running' || order.status === 'paused';
              return (
                <Table.Tr key={order.id} data-testid="algo-row" data-algo-id={order.id} data-status={order.status}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {order.kind.toUpperCase()}{' '}
                      <Text span c={sideColor(order.side)}>
                        {order.side}
                      </Text>{' '}
                      {order.symbol}
                    </Text>
                    <Badge size="xs" variant="light">
                      {order.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td miw={140}>
                    <Progress value={filledShare} size="sm" aria-label="Filled share" />
                    <Text size="xs" c="dimmed">
                      {showQuantity(order.filledQuantity, symbol)} / {showQuantity(order.quantity, symbol)} · slice{' '}
                      {order.slicesDone}/{order.slicesTotal} ({Math.round(share)}%)
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showPrice(order.averagePrice, symbol)}
                  </Table.Td>
                  <Benchmark
                    price={order.benchmarkPrice}
                    slippageBps={order.slippageBps}
                    symbol={symbol}
                    testId="algo-arrival"
                  />
                  <Benchmark
                    price={order.intervalVwapPrice}
                    slippageBps={order.intervalSlippageBps}
                    symbol={symbol}
                    testId="algo-interval-vwap"
                  />
                  <Table.Td>
                    <Text size="xs">{formatTime(order.startAt)}</Text>
                    <Text size="xs">{formatTime(order.endAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {live && (
                      <Group gap={4} wrap="nowrap">
                        {order.status === 'running'
                          ? control(order.id, 'pause', 'Pause')
                          : control(order.id, 'resume', 'Resume')}
                        {control(order.id, 'cancel', 'Cancel', 'red')}
                      </Group>
                    )}
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

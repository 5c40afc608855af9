// The user's open orders with cancel and amend (price and/or quantity through PATCH), and cancel-all.
import { Alert, Button, Group, Loader, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { notify } from '../notifications.js';
import { formatTime } from '../pages/format.js';
import { isDecimal, isMultipleOf, signOfDecimal } from './decimal.js';
import { invalidatePrivate, useOrders } from './hooks.js';
import { clockTime, Empty, Panel, PanelTable, showPrice, showQuantity, sideColor, symbolFinder } from './panel.js';
import type { ExchangeSymbol, Order, OrderResult } from './types.js';

const enc = encodeURIComponent;
const openStatuses: ReadonlySet<Order['status']> = new Set(['open', 'partially_filled', 'pending_trigger']);

/** Open orders across symbols; `symbols` gives each row its tick and lot for display and amend checks. */
export function OpenOrders({ symbols }: { symbols: readonly ExchangeSymbol[] }) {
  const queryClient = useQueryClient();
  const orders = useOrders('open', true);
  const [amending, setAmending] = useState<Order | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => api.delete<{ order: Order }>(`/exchange/orders/${enc(id)}`),
    onSuccess: ({ order }) => {
      notify({ title: 'Order cancelled', message: `${order.side} ${order.quantity} ${order.symbol}`, color: 'green' });
      invalidatePrivate(queryClient);
    },
  });
  const [confirmingAll, setConfirmingAll] = useState(false);
  const cancelAll = useMutation({
    mutationFn: () => api.delete<{ cancelledOrders: number; cancelledAlgoOrders: number }>('/exchange/orders'),
    onSuccess: ({ cancelledOrders, cancelledAlgoOrders }) => {
      setConfirmingAll(false);
      const algos = cancelledAlgoOrders === 0 ? '' : `, ${cancelledAlgoOrders} algo ${plural(cancelledAlgoOrders)}`;
      notify({ title: 'Cancelled', message: `${cancelledOrders} ${plural(cancelledOrders)}${algos}`, color: 'green' });
      invalidatePrivate(queryClient);
    },
  });
  const items = (orders.data?.items ?? []).filter((order) => openStatuses.has(order.status));
  const symbolOf = symbolFinder(symbols);

  return (
    <Panel
      title="Open orders"
      testId="open-orders"
      actions={
        items.length > 0 && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => setConfirmingAll(true)}
            data-testid="orders-cancel-all"
          >
            Cancel all
          </Button>
        )
      }
    >
      {orders.isPending ? (
        <Loader size="sm" aria-label="Loading orders" />
      ) : items.length === 0 ? (
        <Empty testId="open-orders-empty">No open orders.</Empty>
      ) : (
        <PanelTable minWidth={620}>
          <Table.Thead>
            <Table.Tr>
              <OrderHeadCells />
              <Table.Th>Placed</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((order) => {
              const symbol = symbolOf(order.symbol);
              return (
                <Table.Tr
                  key={order.id}
                  data-testid="open-order"
                  data-order-id={order.id}
                  data-status={order.status}
                  data-side={order.side}
                  data-price={order.price ?? ''}
                >
                  <OrderCells order={order} symbol={symbol} />
                  <Table.Td>
                    <span title={formatTime(order.createdAt)}>{clockTime(order.createdAt)}</span>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => setAmending(order)}
                        data-testid="order-amend"
                      >
                        Amend
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="red"
                        loading={cancel.isPending && cancel.variables === order.id}
                        onClick={() => cancel.mutate(order.id)}
                        data-testid="order-cancel"
                      >
                        Cancel
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </PanelTable>
      )}
      {amending !== null && (
        <AmendDialog order={amending} symbol={symbolOf(amending.symbol)} onClose={() => setAmending(null)} />
      )}
      <Modal opened={confirmingAll} onClose={() => setConfirmingAll(false)} title="Cancel all orders" size="sm">
        <Stack gap="sm">
          <Text size="sm">
            Cancel every open order and waiting stop on every symbol, and every running or paused algo order?
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingAll(false)}>
              Keep them
            </Button>
            <Button
              color="red"
              loading={cancelAll.isPending}
              onClick={() => cancelAll.mutate()}
              data-testid="orders-cancel-all-confirm"
            >
              Cancel all
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Panel>
  );
}

const plural = (n: number) => (n === 1 ? 'order' : 'orders');

/** The header cells an order row starts with; OrderCells fills them. */
export function OrderHeadCells() {
  return (
    <>
      <Table.Th>Symbol</Table.Th>
      <Table.Th>Side</Table.Th>
      <Table.Th>Type</Table.Th>
      <Table.Th ta="right">Price</Table.Th>
      <Table.Th ta="right">Filled / qty</Table.Th>
      <Table.Th>Status</Table.Th>
    </>
  );
}

/** An order's symbol, side, type (with its stop), price, filled / quantity and status (with why it was cancelled). */
export function OrderCells({ order, symbol }: { order: Order; symbol: ExchangeSymbol | undefined }) {
  return (
    <>
      <Table.Td>{order.symbol}</Table.Td>
      <Table.Td c={sideColor(order.side)}>{order.side}</Table.Td>
      <Table.Td>
        {order.type.replace('_', ' ')}
        {order.stopPrice !== null && ` @ stop ${showPrice(order.stopPrice, symbol)}`}
        {order.displayQuantity !== null && ` · iceberg ${showQuantity(order.displayQuantity, symbol)}`}
        {order.postOnly && ' · post-only'}
        {order.expireAt !== null && (
          <Text size="xs" c="dimmed" title={formatTime(order.expireAt)} data-testid="order-expires">
            until {formatTime(order.expireAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {showPrice(order.price, symbol)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {showQuantity(order.filledQuantity, symbol)} / {showQuantity(order.quantity, symbol)}
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
    </>
  );
}

function checkStep(value: string, step: string | undefined, what: string): string | undefined {
  if (value === '') return undefined;
  if (!isDecimal(value) || signOfDecimal(value) <= 0) return 'Enter a positive decimal';
  if (step !== undefined && !isMultipleOf(value, step)) return `Must be a multiple of the ${what} ${step}`;
  return undefined;
}

type AmendBody = { price?: string; quantity?: string; stopPrice?: string };

/** One decimal field of the amend dialog, with its tick or lot error. */
function AmendField(props: {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  testId: string;
}) {
  return (
    <TextInput
      label={props.label}
      description={props.description}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.error}
      data-testid={props.testId}
    />
  );
}

function AmendDialog({
  order,
  symbol,
  onClose,
}: {
  order: Order;
  symbol: ExchangeSymbol | undefined;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [price, setPrice] = useState(order.price ?? '');
  const [quantity, setQuantity] = useState(order.quantity);
  // A stop waiting for its trigger can move its trigger too.
  const waiting = order.status === 'pending_trigger' && order.stopPrice !== null;
  const [stopPrice, setStopPrice] = useState(order.stopPrice ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const priceError = order.price === null ? undefined : checkStep(price.trim(), symbol?.tickSize, 'tick size');
  const quantityError = checkStep(quantity.trim(), symbol?.lotSize, 'lot size');
  const stopError = waiting ? checkStep(stopPrice.trim(), symbol?.tickSize, 'tick size') : undefined;
  const amend = useMutation({
    mutationFn: (body: AmendBody) => api.patch<OrderResult>(`/exchange/orders/${enc(order.id)}`, body),
    meta: { silent: true },
    onSuccess: () => {
      invalidatePrivate(queryClient);
      onClose();
    },
    onError: (error) => setProblem(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (priceError !== undefined || quantityError !== undefined || stopError !== undefined) return;
    const body: AmendBody = {};
    if (order.price !== null && price.trim() !== order.price) body.price = price.trim();
    if (quantity.trim() !== order.quantity) body.quantity = quantity.trim();
    if (waiting && stopPrice.trim() !== order.stopPrice) body.stopPrice = stopPrice.trim();
    if (Object.keys(body).length === 0) onClose();
    else amend.mutate(body);
  }

  return (
    <Modal opened onClose={onClose} title={`Amend ${order.side} ${order.symbol}`}>
      <form onSubmit={submit}>
        <Stack gap="xs">
          {waiting && (
            <AmendField
              label="Stop price"
              description="The amended stop triggers after the stops placed or amended before it"
              value={stopPrice}
              onChange={setStopPrice}
              error={stopError}
              testId="amend-stop-price"
            />
          )}
          {order.price !== null && (
            <AmendField label="Price" value={price} onChange={setPrice} error={priceError} testId="amend-price" />
          )}
          <AmendField
            label="Quantity"
            description="Raising the quantity or changing the price loses time priority"
            value={quantity}
            onChange={setQuantity}
            error={quantityError}
            testId="amend-quantity"
          />
          {problem !== null && (
            <Alert color="red" p="xs" data-testid="amend-error">
              {problem}
            </Alert>
          )}
          <Button type="submit" loading={amend.isPending} data-testid="amend-submit">
            Amend order
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

// Order entry: every order type of the contract, validated on the client, server problem codes shown inline.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api.js';
import { invalidatePrivate } from './hooks.js';
import { newRequestId } from './ids.js';
import {
  type DraftResult,
  emptyDraft,
  entryKinds,
  type FieldErrors,
  fieldsFor,
  type OrderDraft,
  problemToFieldErrors,
  validateDraft,
} from './order-form.js';
import { Panel } from './panel.js';
import type { AlgoOrder, ExchangeSymbol, OrderResult, Side, TimeInForce } from './types.js';

type Submission = Extract<DraftResult, { ok: true }> & { clientOrderId: string };

/** What the last accepted submission came back as, for the line under the button. */
function describeResult(result: OrderResult | AlgoOrder): string {
  if ('order' in result) {
    const fills = result.fills.length;
    const reason = result.order.cancelReason === null ? '' : ` (${result.order.cancelReason.replaceAll('_', ' ')})`;
    return `Order ${result.order.status.replace('_', ' ')}${reason}${fills > 0 ? `, ${fills} fill${fills > 1 ? 's' : ''}` : ''}`;
  }
  return `${result.kind.toUpperCase()} ${result.status}: ${result.slicesTotal} slices`;
}

/** A price picked on the ladder; `nonce` makes picking the same price twice count again. */
export interface PickedPrice {
  price: string;
  nonce: number;
}

/** The order form for one symbol; a `picked` ladder price fills the price field of the current type. */
export function OrderEntry({ symbol, picked }: { symbol: ExchangeSymbol; picked?: PickedPrice | null }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<OrderDraft>(() => emptyDraft());
  // One id per distinct submission: a double click re-sends the same id and body, which the server answers
  // with the original result instead of placing a second order. Any edit of the form starts a new id.
  const [clientOrderId, setClientOrderId] = useState(newRequestId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<{ code: string; text: string } | null>(null);
  const [lastResult, setLastResult] = useState<string | null>(null);
  const fields = fieldsFor(draft.kind);

  // biome-ignore lint/correctness/useExhaustiveDependencies: react to a new pick only, not to every edit of the form
  useEffect(() => {
    if (picked === null || picked === undefined) return;
    const target = fieldsFor(draft.kind);
    const field = target.price
      ? 'price'
      : target.algo
        ? 'limitPrice'
        : target.stopPrice
          ? 'stopPrice'
          : 'protectionPrice';
    edit({ [field]: picked.price } as Partial<OrderDraft>);
  }, [picked]);

  const submit = useMutation({
    mutationFn: (submission: Submission) =>
      api.post<OrderResult | AlgoOrder>(submission.path, {
        ...submission.body,
        clientOrderId: submission.clientOrderId,
      }),
    meta: { silent: true },
    onSuccess: (result) => {
      setLastResult(describeResult(result));
      setClientOrderId(newRequestId());
      invalidatePrivate(queryClient);
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const mapped = problemToFieldErrors(error.problem);
        setErrors(mapped.fields);
        setBanner({ code: error.code, text: mapped.banner });
      } else {
        setBanner({ code: 'client_error', text: error instanceof Error ? error.message : String(error) });
      }
    },
  });

  function edit(patch: Partial<OrderDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
    setClientOrderId(newRequestId());
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as Array<keyof OrderDraft>) delete next[key];
      return next;
    });
    setBanner(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validateDraft(draft, symbol);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBanner(null);
    setLastResult(null);
    submit.mutate({ ...result, clientOrderId });
  }

  const text = (field: keyof OrderDraft, label: string, testId: string, suffix?: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      inputMode="decimal"
      autoComplete="off"
      value={String(draft[field])}
      onChange={(event) => edit({ [field]: event.currentTarget.value } as Partial<OrderDraft>)}
      error={errors[field]}
      rightSection={suffix === undefined ? undefined : <Text size="xs">{suffix}</Text>}
      rightSectionWidth={suffix === undefined ? undefined : 48}
      data-testid={testId}
    />
  );

  return (
    <Panel title="Order entry" testId="order-entry">
      <form onSubmit={onSubmit} aria-label="Order entry" noValidate>
        <Stack gap="xs">
          <SegmentedControl
            fullWidth
            value={draft.side}
            onChange={(value) => edit({ side: value as Side })}
            color={draft.side === 'buy' ? 'teal' : 'red'}
            data={[
              { value: 'buy', label: 'Buy' },
              { value: 'sell', label: 'Sell' },
            ]}
            data-testid="order-side"
          />
          <NativeSelect
            label="Type"
            value={draft.kind}
            onChange={(event) => edit({ kind: event.currentTarget.value as OrderDraft['kind'] })}
            data={entryKinds.map((kind) => ({ value: kind.value, label: kind.label }))}
            data-testid="order-kind"
          />
          {text('quantity', 'Quantity', 'order-quantity', symbol.baseAsset)}
          {fields.stopPrice && text('stopPrice', 'Stop price', 'order-stop-price', symbol.quoteAsset)}
          {fields.price && text('price', 'Limit price', 'order-price', symbol.quoteAsset)}
          {fields.protectionPrice &&
            text(
              'protectionPrice',
              'Protection price (optional)',
              'order-protection-price',
              symbol.quoteAsset,
              'Worst price the market order may trade at',
            )}
          {fields.displayQuantity &&
            text(
              'displayQuantity',
              'Display quantity',
              'order-display-quantity',
              symbol.baseAsset,
              'Shown on the book per refill',
            )}
          {fields.algo && (
            <>
              <SimpleGrid cols={2} spacing="xs">
                {text('durationSeconds', 'Duration (s)', 'algo-duration')}
                {text('slices', 'Slices', 'algo-slices')}
              </SimpleGrid>
              {text('limitPrice', 'Limit price (optional)', 'algo-limit-price', symbol.quoteAsset)}
              <Checkbox
                label="Randomise slice sizes and times"
                checked={draft.randomise}
                onChange={(event) => edit({ randomise: event.currentTarget.checked })}
                data-testid="algo-randomise"
              />
            </>
          )}
          {(fields.timeInForce || fields.postOnly) && (
            <Group grow align="flex-end">
              {fields.timeInForce && (
                <NativeSelect
                  label="Time in force"
                  value={draft.timeInForce}
                  onChange={(event) => edit({ timeInForce: event.currentTarget.value as TimeInForce })}
                  data={[
                    { value: 'gtc', label: 'GTC (rest)' },
                    { value: 'ioc', label: 'IOC' },
                    { value: 'fok', label: 'FOK' },
                  ]}
                  error={errors.timeInForce}
                  data-testid="order-tif"
                />
              )}
              {fields.postOnly && (
                <Checkbox
                  label="Post-only"
                  checked={draft.postOnly}
                  onChange={(event) => edit({ postOnly: event.currentTarget.checked })}
                  data-testid="order-post-only"
                  mb={6}
                />
              )}
            </Group>
          )}
          {fields.expireAt && (
            <TextInput
              type="datetime-local"
              label="Good till (optional)"
              description="Cancelled at this time if still working"
              value={draft.expireAt}
              onChange={(event) => edit({ expireAt: event.currentTarget.value })}
              error={errors.expireAt}
              data-testid="order-expire-at"
            />
          )}
          {banner !== null && (
            <Alert color="red" p="xs" data-testid="order-error" data-code={banner.code}>
              {banner.text}
            </Alert>
          )}
          {symbol.halted && (
            <Alert color="orange" p="xs" data-testid="order-halted">
              Trading in {symbol.symbol} is halted by the operator. Open orders can still be cancelled.
            </Alert>
          )}
          <Button
            type="submit"
            color={draft.side === 'buy' ? 'teal' : 'red'}
            loading={submit.isPending}
            disabled={symbol.halted}
            data-testid="order-submit"
          >
            {draft.side === 'buy' ? 'Buy' : 'Sell'} {symbol.baseAsset}
          </Button>
          {lastResult !== null && (
            <Text size="sm" c="dimmed" data-testid="order-result">
              {lastResult}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            Tick {symbol.tickSize} · lot {symbol.lotSize} · fees {symbol.makerFeeBps}/{symbol.takerFeeBps} bps
            maker/taker
          </Text>
        </Stack>
      </form>
    </Panel>
  );
}

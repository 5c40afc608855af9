// Admin form that lists a new symbol (POST /exchange/symbols); prefilled with a sensible BTC-USD-like setup.
import { Alert, Button, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { notify } from '../notifications.js';
import { isDecimal, signOfDecimal } from './decimal.js';
import { exchangeKeys } from './hooks.js';
import { Panel } from './panel.js';
import type { ExchangeSymbol, NewSymbol } from './types.js';

interface SymbolDraft {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  baseScale: string;
  quoteScale: string;
  tickSize: string;
  lotSize: string;
  minQuantity: string;
  maxQuantity: string;
  referencePrice: string;
  priceBandPercent: string;
  makerFeeBps: string;
  takerFeeBps: string;
}

const defaults: SymbolDraft = {
  symbol: 'BTC-USD',
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  baseScale: '8',
  quoteScale: '2',
  tickSize: '0.01',
  lotSize: '0.0001',
  minQuantity: '0.0001',
  maxQuantity: '1000',
  referencePrice: '100.00',
  priceBandPercent: '10',
  makerFeeBps: '10',
  takerFeeBps: '20',
};

const decimalFields = ['tickSize', 'lotSize', 'minQuantity', 'maxQuantity'] as const;
const integerFields = ['baseScale', 'quoteScale', 'priceBandPercent', 'makerFeeBps', 'takerFeeBps'] as const;

function validate(draft: SymbolDraft): Partial<Record<keyof SymbolDraft, string>> {
  const errors: Partial<Record<keyof SymbolDraft, string>> = {};
  if (!/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/.test(draft.symbol)) errors.symbol = 'Like BTC-USD (capitals, one dash)';
  if (!/^[A-Z0-9]{2,12}$/.test(draft.baseAsset)) errors.baseAsset = 'Asset code such as BTC';
  if (!/^[A-Z0-9]{2,12}$/.test(draft.quoteAsset)) errors.quoteAsset = 'Asset code such as USD';
  for (const field of decimalFields) {
    if (!isDecimal(draft[field]) || signOfDecimal(draft[field]) <= 0) errors[field] = 'Positive decimal';
  }
  if (draft.referencePrice !== '' && (!isDecimal(draft.referencePrice) || signOfDecimal(draft.referencePrice) <= 0)) {
    errors.referencePrice = 'Positive decimal or empty';
  }
  for (const field of integerFields) if (!/^\d+$/.test(draft[field])) errors[field] = 'Whole number';
  return errors;
}

function toBody(draft: SymbolDraft): NewSymbol {
  return {
    symbol: draft.symbol,
    baseAsset: draft.baseAsset,
    quoteAsset: draft.quoteAsset,
    baseScale: Number(draft.baseScale),
    quoteScale: Number(draft.quoteScale),
    tickSize: draft.tickSize,
    lotSize: draft.lotSize,
    minQuantity: draft.minQuantity,
    maxQuantity: draft.maxQuantity,
    priceBandPercent: Number(draft.priceBandPercent),
    ...(draft.referencePrice === '' ? {} : { referencePrice: draft.referencePrice }),
    makerFeeBps: Number(draft.makerFeeBps),
    takerFeeBps: Number(draft.takerFeeBps),
  };
}

/** The create-symbol form; `onCreated` receives the new symbol so the page can switch to it. */
export function CreateSymbolForm({ onCreated }: { onCreated: (symbol: ExchangeSymbol) => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SymbolDraft>(defaults);
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const errors = touched ? validate(draft) : {};
  const create = useMutation({
    mutationFn: (body: NewSymbol) => api.post<ExchangeSymbol>('/exchange/symbols', body),
    meta: { silent: true },
    onSuccess: (created) => {
      notify({ title: 'Symbol listed', message: created.symbol, color: 'green' });
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.symbols });
      onCreated(created);
    },
    onError: (error) => setProblem(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error)),
  });

  const set = (field: keyof SymbolDraft, value: string) => {
    setDraft((current) => {
      const next = { ...current, [field]: value };
      // Typing "ETH-EUR" fills the asset codes too.
      const pair = field === 'symbol' ? /^([A-Z0-9]+)-([A-Z0-9]+)$/.exec(value) : null;
      return pair === null ? next : { ...next, baseAsset: pair[1]!, quoteAsset: pair[2]! };
    });
    setProblem(null);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(validate(draft)).length > 0) return;
    create.mutate(toBody(draft));
  }

  const input = (field: keyof SymbolDraft, label: string, testId: string) => (
    <TextInput
      size="xs"
      label={label}
      value={draft[field]}
      onChange={(event) => set(field, event.currentTarget.value.trim().toUpperCase())}
      error={errors[field]}
      data-testid={testId}
    />
  );

  return (
    <Panel title="List a new symbol" testId="symbol-create">
      <form onSubmit={submit} noValidate aria-label="List a new symbol">
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="xs">
            {input('symbol', 'Symbol', 'symbol-new-symbol')}
            {input('baseAsset', 'Base asset', 'symbol-new-base')}
            {input('quoteAsset', 'Quote asset', 'symbol-new-quote')}
            {input('baseScale', 'Base decimals', 'symbol-new-base-scale')}
            {input('quoteScale', 'Quote decimals', 'symbol-new-quote-scale')}
            {input('tickSize', 'Tick size', 'symbol-new-tick')}
            {input('lotSize', 'Lot size', 'symbol-new-lot')}
            {input('minQuantity', 'Min quantity', 'symbol-new-min')}
            {input('maxQuantity', 'Max quantity', 'symbol-new-max')}
            {input('referencePrice', 'Reference price', 'symbol-new-reference')}
            {input('priceBandPercent', 'Price band %', 'symbol-new-band')}
            {input('makerFeeBps', 'Maker fee (bps)', 'symbol-new-maker-fee')}
            {input('takerFeeBps', 'Taker fee (bps)', 'symbol-new-taker-fee')}
          </SimpleGrid>
          {problem !== null && (
            <Alert color="red" p="xs" data-testid="symbol-create-error">
              {problem}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} data-testid="symbol-create-submit" w="fit-content">
            List symbol
          </Button>
        </Stack>
      </form>
    </Panel>
  );
}

// Admin page: credit a user's ledger account. A deposit has no payment rail behind it, so by default only an
// administrator books one (NEXUS_SELF_DEPOSITS=true also lets traders fund themselves).
import { Button, Group, Select, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../api.js';
import { checkAmount } from '../exchange/balances-panel.js';
import { exchangeKeys, useSymbols } from '../exchange/hooks.js';
import { newRequestId } from '../exchange/ids.js';
import { TransfersTable } from '../exchange/transfers-table.js';
import type { TransferResult } from '../exchange/types.js';
import { notify } from '../notifications.js';
import { useAdminUsers } from './admin-users.js';

/** The form: user, asset (from the listed symbols), amount; one idempotency key per booking. */
export function FundAccountForm() {
  const queryClient = useQueryClient();
  const users = useAdminUsers();
  const symbols = useSymbols();
  const scales = useMemo(() => {
    const out = new Map<string, number>();
    for (const s of symbols.data?.items ?? []) {
      out.set(s.baseAsset, s.baseScale);
      out.set(s.quoteAsset, s.quoteScale);
    }
    return out;
  }, [symbols.data]);
  const [userId, setUserId] = useState<string | null>(null);
  const [asset, setAsset] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  // A retry or double click books once; a new booking (any field changed) gets a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(newRequestId);
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setIdempotencyKey(newRequestId());
    };
  const scale = asset === null ? undefined : scales.get(asset);
  const trimmed = amount.trim();
  // Nothing typed yet is not an error; the button stays off until there is an amount.
  const amountError = trimmed === '' ? undefined : checkAmount(trimmed, scale);
  const fund = useMutation({
    mutationFn: (body: { userId: string; asset: string; amount: string; idempotencyKey: string }) =>
      api.post<TransferResult>('/ledger/deposits', body),
    onSuccess: (result, body) => {
      const name = users.data?.items.find((u) => u.id === body.userId)?.username ?? body.userId;
      notify({
        title: 'Deposit booked',
        message: `${name}: ${result.balance.asset} available ${result.balance.available}`,
        color: 'green',
      });
      setAmount('');
      setIdempotencyKey(newRequestId());
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.transfers });
    },
  });
  const chosen = users.data?.items.find((u) => u.id === userId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (userId === null || asset === null || trimmed === '' || amountError !== undefined) return;
    fund.mutate({ userId, asset, amount: trimmed, idempotencyKey });
  }

  const assets = [...scales.keys()].sort();
  return (
    <form onSubmit={submit} aria-label="Fund an account">
      <Title order={4} mb={4}>
        Fund an account
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Credits a user's ledger balance (there is no payment rail behind it: book what the user has paid in).
      </Text>
      <Group align="flex-start" mb="lg">
        <Select
          label="User"
          required
          searchable
          data={(users.data?.items ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: u.username }))}
          value={userId}
          onChange={edit(setUserId)}
          data-testid="admin-fund-user"
        />
        <Select
          label="Asset"
          required
          data={assets}
          value={asset}
          onChange={edit(setAsset)}
          placeholder={assets.length === 0 ? 'no symbol listed yet' : undefined}
          data-testid="admin-fund-asset"
        />
        <TextInput
          label="Amount"
          required
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          error={amountError}
          onChange={(event) => edit(setAmount)(event.currentTarget.value)}
          data-testid="admin-fund-amount"
        />
        <Button
          type="submit"
          mt={25}
          loading={fund.isPending}
          disabled={userId === null || asset === null || trimmed === '' || amountError !== undefined}
          data-testid="admin-fund"
        >
          Deposit
        </Button>
      </Group>
      {/* What the user already received, so a payment is not booked twice. */}
      {chosen && <TransfersTable userId={chosen.id} title={`Transfers of ${chosen.username}`} />}
    </form>
  );
}

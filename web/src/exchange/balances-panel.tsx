// Ledger balances with deposit and withdrawal dialogs (each dialog carries one idempotency key until it succeeds).
import { Alert, Button, Group, Loader, Modal, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { notify } from '../notifications.js';
import { decimalPlaces, isDecimal, signOfDecimal } from './decimal.js';
import { invalidatePrivate, useBalances, useDepositPolicy } from './hooks.js';
import { newRequestId } from './ids.js';
import { Empty, Panel, showDecimal } from './panel.js';
import type { ExchangeSymbol, TransferResult } from './types.js';

type Direction = 'deposit' | 'withdraw';

/** Decimal places each asset allows, taken from the symbols that trade it. */
function assetScales(symbols: readonly ExchangeSymbol[]): Map<string, number> {
  const scales = new Map<string, number>();
  for (const symbol of symbols) {
    scales.set(symbol.baseAsset, symbol.baseScale);
    scales.set(symbol.quoteAsset, symbol.quoteScale);
  }
  return scales;
}

/** Balances of the signed-in user; `canTransfer` shows the deposit and withdraw buttons. */
export function BalancesPanel({ symbols, canTransfer }: { symbols: readonly ExchangeSymbol[]; canTransfer: boolean }) {
  const balances = useBalances(true);
  // Without a payment rail a deposit is an administrator's booking; a trader is offered one only in a sandbox.
  const canDeposit = useDepositPolicy(canTransfer).data?.mayDepositOwn === true;
  const [dialog, setDialog] = useState<Direction | null>(null);
  const items = balances.data?.items ?? [];
  const scales = assetScales(symbols);
  const assets = [...new Set([...scales.keys(), ...items.map((item) => item.asset)])].sort();
  return (
    <Panel
      title="Balances"
      testId="balances"
      actions={
        canTransfer && (
          <Group gap={4}>
            {canDeposit && (
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => setDialog('deposit')}
                data-testid="balances-deposit"
              >
                Deposit
              </Button>
            )}
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => setDialog('withdraw')}
              data-testid="balances-withdraw"
            >
              Withdraw
            </Button>
          </Group>
        )
      }
    >
      {balances.isPending ? (
        <Loader size="sm" aria-label="Loading balances" />
      ) : items.length === 0 ? (
        <Empty testId="balances-empty">
          No balances yet
          {canDeposit ? ': deposit funds to trade.' : canTransfer ? ': an administrator funds your account.' : '.'}
        </Empty>
      ) : (
        <Table.ScrollContainer minWidth={400} type="native">
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Asset</Table.Th>
                <Table.Th ta="right">Available</Table.Th>
                <Table.Th ta="right">Held</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((balance) => (
                <Table.Tr
                  key={balance.asset}
                  data-testid="balance-row"
                  data-asset={balance.asset}
                  data-available={balance.available}
                  data-held={balance.held}
                  data-total={balance.total}
                >
                  <Table.Td>{balance.asset}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showDecimal(balance.available)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showDecimal(balance.held)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {showDecimal(balance.total)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog !== null && (
        <TransferDialog direction={dialog} assets={assets} scales={scales} onClose={() => setDialog(null)} />
      )}
    </Panel>
  );
}

/** Why `amount` is not a transfer amount of an asset with `scale` decimals, or undefined when it is one. */
export function checkAmount(amount: string, scale: number | undefined): string | undefined {
  if (amount === '') return 'Required';
  if (!isDecimal(amount)) return 'Enter a decimal number such as 1000.00';
  if (signOfDecimal(amount) <= 0) return 'Must be above zero';
  if (scale !== undefined && decimalPlaces(amount) > scale) return `At most ${scale} decimal places`;
  return undefined;
}

function TransferDialog({
  direction,
  assets,
  scales,
  onClose,
}: {
  direction: Direction;
  assets: readonly string[];
  scales: Map<string, number>;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [asset, setAsset] = useState(assets[0] ?? '');
  const [amount, setAmount] = useState('');
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<{ code: string; text: string } | null>(null);
  // One key per dialog: a retry or double click of the same transfer is applied once by the ledger.
  const [idempotencyKey, setIdempotencyKey] = useState(newRequestId);
  const amountError = checkAmount(amount.trim(), scales.get(asset));
  const transfer = useMutation({
    mutationFn: (body: { asset: string; amount: string; idempotencyKey: string }) =>
      api.post<TransferResult>(direction === 'deposit' ? '/ledger/deposits' : '/ledger/withdrawals', body),
    meta: { silent: true },
    onSuccess: (result) => {
      notify({
        title: direction === 'deposit' ? 'Deposit booked' : 'Withdrawal booked',
        message: `${result.balance.asset} available ${result.balance.available}`,
        color: 'green',
      });
      invalidatePrivate(queryClient);
      onClose();
    },
    onError: (error) =>
      setProblem(
        error instanceof ApiError
          ? { code: error.code, text: `${error.code}: ${error.message}` }
          : { code: 'client_error', text: String(error) },
      ),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (amountError !== undefined || asset === '') return;
    setProblem(null);
    transfer.mutate({ asset, amount: amount.trim(), idempotencyKey });
  }

  const editAmount = (value: string) => {
    setAmount(value);
    setIdempotencyKey(newRequestId());
  };

  return (
    <Modal opened onClose={onClose} title={direction === 'deposit' ? 'Deposit funds' : 'Withdraw funds'}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {assets.length === 0 ? (
            <TextInput
              label="Asset"
              value={asset}
              onChange={(event) => setAsset(event.currentTarget.value.toUpperCase())}
              data-testid="transfer-asset"
            />
          ) : (
            <NativeSelect
              label="Asset"
              value={asset}
              onChange={(event) => {
                setAsset(event.currentTarget.value);
                setIdempotencyKey(newRequestId());
              }}
              data={[...assets]}
              data-testid="transfer-asset"
            />
          )}
          <TextInput
            label="Amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(event) => editAmount(event.currentTarget.value)}
            error={touched ? amountError : undefined}
            data-testid="transfer-amount"
          />
          {problem !== null && (
            <Alert color="red" p="xs" data-testid="transfer-error" data-code={problem.code}>
              {problem.text}
            </Alert>
          )}
          <Button type="submit" loading={transfer.isPending} data-testid="transfer-submit">
            {direction === 'deposit' ? 'Deposit' : 'Withdraw'}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

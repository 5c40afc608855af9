// Exchange administrators' kill switches: halt all trading or switch one account off (its resting orders are
// cancelled), and release them (GET/POST /exchange/kill-switch); halt or resume the symbol on screen, which keeps its
// resting orders (PATCH /exchange/symbols/:symbol).
import { Alert, Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { notify } from '../notifications.js';
import { useAdminUsers } from '../pages/admin-users.js';
import { exchangeKeys, invalidatePrivate } from './hooks.js';
import { Empty, Panel } from './panel.js';
import type { ExchangeSymbol } from './types.js';

interface KillSwitches {
  globalHalted: boolean;
  killedAccounts: string[];
}

const killKey = ['exchange', 'kill-switch'] as const;

/** The panel; `canListUsers` (users:manage) lets it offer accounts by name; `symbol` is the one on screen. */
export function KillSwitchPanel({ canListUsers, symbol }: { canListUsers: boolean; symbol?: ExchangeSymbol }) {
  const queryClient = useQueryClient();
  const switches = useQuery({
    queryKey: killKey,
    queryFn: ({ signal }) => api.get<KillSwitches>('/exchange/kill-switch', { signal }),
  });
  const users = useAdminUsers(canListUsers);
  const [account, setAccount] = useState<string | null>(null);
  const flip = useMutation({
    mutationFn: (body: { scope: 'global' | 'account'; userId?: string; engaged: boolean }) =>
      api.post<{ cancelledOrders: number }>('/exchange/kill-switch', body),
    onSuccess: (result, body) => {
      notify({
        title: body.engaged ? 'Kill switch engaged' : 'Kill switch released',
        message: body.engaged ? `${result.cancelledOrders} resting orders cancelled` : 'Orders are accepted again.',
        color: body.engaged ? 'red' : 'green',
      });
      void queryClient.invalidateQueries({ queryKey: killKey });
      invalidatePrivate(queryClient);
    },
  });
  const halt = useMutation({
    mutationFn: (body: { symbol: string; halted: boolean }) =>
      api.patch<ExchangeSymbol>(`/exchange/symbols/${encodeURIComponent(body.symbol)}`, { halted: body.halted }),
    onSuccess: (updated) => {
      notify({
        title: updated.halted ? `${updated.symbol} halted` : `${updated.symbol} resumed`,
        message: updated.halted
          ? 'Orders are refused; resting orders stay and can be cancelled.'
          : 'Orders are accepted again.',
        color: updated.halted ? 'yellow' : 'green',
      });
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.symbols });
    },
  });
  const nameOf = (id: string) => users.data?.items.find((u) => u.id === id)?.username ?? id;

  if (switches.isPending) return <Panel title="Kill switches">Loading…</Panel>;
  if (switches.isError) return <Alert color="red">Could not read the kill switches.</Alert>;
  const { globalHalted, killedAccounts } = switches.data;
  return (
    <Panel title="Kill switches" testId="kill-switches">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">All trading</Text>
            <Badge color={globalHalted ? 'red' : 'teal'} data-testid="kill-global-status">
              {globalHalted ? 'halted' : 'open'}
            </Badge>
          </Group>
          <Button
            size="xs"
            color={globalHalted ? 'teal' : 'red'}
            loading={flip.isPending && flip.variables?.scope === 'global'}
            onClick={() => {
              const engaged = !globalHalted;
              if (!engaged || window.confirm('Halt all trading? Every resting order on every symbol is cancelled.')) {
                flip.mutate({ scope: 'global', engaged });
              }
            }}
            data-testid="kill-global"
          >
            {globalHalted ? 'Resume trading' : 'Halt all trading'}
          </Button>
        </Group>
        {symbol !== undefined && (
          <Group justify="space-between">
            <Group gap="xs">
              <Text size="sm">Trading in {symbol.symbol}</Text>
              <Badge color={symbol.halted ? 'orange' : 'teal'} data-testid="halt-symbol-status">
                {symbol.halted ? 'halted' : 'open'}
              </Badge>
            </Group>
            <Button
              size="xs"
              variant="light"
              color={symbol.halted ? 'teal' : 'orange'}
              loading={halt.isPending}
              onClick={() => halt.mutate({ symbol: symbol.symbol, halted: !symbol.halted })}
              data-testid="halt-symbol"
            >
              {symbol.halted ? `Resume ${symbol.symbol}` : `Halt ${symbol.symbol}`}
            </Button>
          </Group>
        )}
        {canListUsers && (
          <Group align="flex-end">
            <Select
              label="Switch an account off"
              placeholder="user"
              searchable
              data={(users.data?.items ?? [])
                .filter((u) => !killedAccounts.includes(u.id))
                .map((u) => ({ value: u.id, label: u.username }))}
              value={account}
              onChange={setAccount}
              data-testid="kill-account-user"
            />
            <Button
              size="sm"
              color="red"
              variant="light"
              disabled={account === null}
              loading={flip.isPending && flip.variables?.scope === 'account'}
              onClick={() => {
                if (
                  account !== null &&
                  window.confirm(`Switch ${nameOf(account)} off? Their resting orders are cancelled.`)
                ) {
                  flip.mutate({ scope: 'account', userId: account, engaged: true });
                  setAccount(null);
                }
              }}
              data-testid="kill-account"
            >
              Switch off
            </Button>
          </Group>
        )}
        {killedAccounts.length === 0 ? (
          <Empty testId="kill-accounts-empty">No account is switched off.</Empty>
        ) : (
          <Table data-testid="kill-accounts">
            <Table.Tbody>
              {killedAccounts.map((id) => (
                <Table.Tr key={id} data-account={id}>
                  <Table.Td>{nameOf(id)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => flip.mutate({ scope: 'account', userId: id, engaged: false })}
                    >
                      Release
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Panel>
  );
}

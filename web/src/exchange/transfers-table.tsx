// The user's deposits and withdrawals, newest first: what moved in and out of their balances besides trading.
import { Loader, Table, Text } from '@mantine/core';
import { formatTime } from '../pages/format.js';
import { useTransfers } from './hooks.js';
import { Empty, Panel, PanelTable, showDecimal } from './panel.js';

/**
 * The transfers list: the signed-in user's (the orders channel's `transfer` messages keep it current), or with
 * `userId` another user's, for an administrator.
 */
export function TransfersTable({ userId, title = 'Transfers' }: { userId?: string; title?: string }) {
  const transfers = useTransfers(true, userId);
  const items = transfers.data?.items ?? [];
  return (
    <Panel title={title} testId="transfers">
      {transfers.isPending ? (
        <Loader size="sm" aria-label="Loading transfers" />
      ) : items.length === 0 ? (
        <Empty testId="transfers-empty">No deposits or withdrawals yet.</Empty>
      ) : (
        <>
          <PanelTable minWidth={520}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Asset</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th>Reference</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((transfer) => (
                <Table.Tr
                  key={transfer.id}
                  data-testid="transfer-row"
                  data-kind={transfer.kind}
                  data-asset={transfer.asset}
                  data-amount={transfer.amount}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {transfer.at === null ? 'not recorded' : formatTime(transfer.at)}
                  </Table.Td>
                  <Table.Td c={transfer.kind === 'deposit' ? 'teal' : 'orange'}>{transfer.kind}</Table.Td>
                  <Table.Td>{transfer.asset}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {transfer.kind === 'withdrawal' ? '−' : '+'}
                    {showDecimal(transfer.amount)}
                  </Table.Td>
                  <Table.Td ff="monospace" title="the idempotency key it was booked under">
                    {transfer.idempotencyKey}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </PanelTable>
          {transfers.data?.nextBefore != null && (
            <Text size="xs" c="dimmed" mt={4}>
              The latest 100 are shown; GET /api/v1/ledger/transfers pages through the rest.
            </Text>
          )}
        </>
      )}
    </Panel>
  );
}

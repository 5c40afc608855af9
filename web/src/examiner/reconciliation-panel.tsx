// Reconciliation workbench: run, rate, automatic matches, suggestions to confirm or reject, and unmatched items.
import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { notifyError } from '../notifications.js';
import type { MatchRow, RecordRow, RunDetail, RunSummary } from './types.js';

const pageSize = 100;

function describe(r: RecordRow) {
  return `${r.date} ${r.amount} ${r.currency} ${r.vendor ? `${r.vendor} · ` : ''}${r.description}`;
}

/** The workbench. */
export function ReconciliationPanel({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const runs = useQuery({
    queryKey: ['examiner', 'reconciliations'],
    queryFn: ({ signal }) => api.get<{ items: RunSummary[] }>('/examiner/reconciliations?limit=20', { signal }),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const runId = chosen ?? runs.data?.items[0]?.id ?? null;
  const detail = useQuery({
    queryKey: ['examiner', 'reconciliation', runId],
    enabled: runId !== null,
    queryFn: ({ signal }) => api.get<RunDetail>(`/examiner/reconciliations/${runId}?limit=${pageSize}`, { signal }),
  });
  const run = useMutation({
    mutationFn: () => api.post<RunSummary>('/examiner/reconciliations', {}),
    onSuccess: (r) => {
      setChosen(r.id);
      void queryClient.invalidateQueries({ queryKey: ['examiner'] });
    },
    onError: (e) => notifyError(e, 'Reconciliation failed'),
  });
  const decide = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'confirm' | 'reject' }) =>
      api.post(`/examiner/matches/${id}/${action}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['examiner', 'reconciliation', runId] }),
    onError: (e) => notifyError(e),
  });
  return (
    <Stack>
      <Group>
        {canWrite && (
          <Button loading={run.isPending} onClick={() => run.mutate()} data-testid="reconcile-run">
            Reconcile unmatched items
          </Button>
        )}
        {(runs.data?.items.length ?? 0) > 0 && (
          <Select
            aria-label="Run"
            data={(runs.data?.items ?? []).map((r) => ({
              value: r.id,
              label: `${new Date(r.createdAt).toLocaleString()} · ${(r.rate * 100).toFixed(1)} %`,
            }))}
            value={runId}
            onChange={setChosen}
            allowDeselect={false}
          />
        )}
      </Group>
      {runs.isPending ? (
        <Loader size="sm" />
      ) : runs.data?.items.length === 0 ? (
        <Alert color="gray">No reconciliation has run yet. Import a bank statement and expenses, then run one.</Alert>
      ) : detail.data ? (
        <RunView detail={detail.data} canWrite={canWrite} onDecide={(id, action) => decide.mutate({ id, action })} />
      ) : (
        <Loader size="sm" />
      )}
    </Stack>
  );
}

function RunView({
  detail,
  canWrite,
  onDecide,
}: {
  detail: RunDetail;
  canWrite: boolean;
  onDecide: (id: string, a: 'confirm' | 'reject') => void;
}) {
  return (
    <Stack>
      <Group data-testid="reconcile-summary">
        <Badge size="lg">{(detail.run.rate * 100).toFixed(1)} % matched</Badge>
        <Text size="sm">
          {detail.run.bankCount} bank lines, {detail.run.expenseCount} expenses: {detail.run.matched} matches,{' '}
          {detail.run.review} suggestions, {detail.run.unmatched} unmatched
        </Text>
        {Object.entries(detail.run.categories).map(([k, v]) => (
          <Badge key={k} variant="outline">
            {k.replaceAll('_', ' ')}: {v}
          </Badge>
        ))}
      </Group>
      <Title order={5}>Suggestions to review ({detail.review.total})</Title>
      {detail.review.total === 0 ? (
        <Text size="sm">Nothing waits for review.</Text>
      ) : (
        <Matches rows={detail.review.items} canWrite={canWrite} onDecide={onDecide} />
      )}
      <Title order={5}>Matched ({detail.matches.total})</Title>
      {detail.matches.total === 0 ? (
        <Text size="sm">No automatic match in this run.</Text>
      ) : (
        <Matches rows={detail.matches.items} canWrite={canWrite} onDecide={onDecide} />
      )}
      <Title order={5}>Unmatched ({detail.unmatched.total})</Title>
      {detail.unmatched.total === 0 ? (
        <Text size="sm">Everything was matched.</Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Category</Table.Th>
              <Table.Th>Side</Table.Th>
              <Table.Th>Item</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.unmatched.items.map((u) => (
              <Table.Tr key={`${u.side}-${u.id}`}>
                <Table.Td>{u.category.replaceAll('_', ' ')}</Table.Td>
                <Table.Td>{u.side}</Table.Td>
                <Table.Td>{u.record ? describe(u.record) : u.id}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Matches({
  rows,
  canWrite,
  onDecide,
}: {
  rows: MatchRow[];
  canWrite: boolean;
  onDecide: (id: string, a: 'confirm' | 'reject') => void;
}) {
  return (
    <Table striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Confidence</Table.Th>
          <Table.Th>Bank</Table.Th>
          <Table.Th>Expenses</Table.Th>
          <Table.Th>How</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>{m.confidence.toFixed(1)}</Table.Td>
            <Table.Td>
              {m.bankLines.map((b) => (
                <div key={b.id}>{describe(b)}</div>
              ))}
            </Table.Td>
            <Table.Td>
              {m.expenses.map((e) => (
                <div key={e.id}>{describe(e)}</div>
              ))}
            </Table.Td>
            <Table.Td>{m.reviewReason ? m.reviewReason.replaceAll('_', ' ') : m.algorithm}</Table.Td>
            <Table.Td>
              {m.status === 'suggested' || m.status === 'auto' ? (
                canWrite && (
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" onClick={() => onDecide(m.id, 'confirm')}>
                      Confirm
                    </Button>
                    <Button size="xs" variant="default" onClick={() => onDecide(m.id, 'reject')}>
                      Reject
                    </Button>
                  </Group>
                )
              ) : (
                <Badge variant="light" color={m.status === 'confirmed' ? 'green' : 'red'}>
                  {m.status}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

// Fraud queue: run scoring, flags by priority with their factor explanations, analyst feedback and re-weighting.
import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { notify, notifyError } from '../notifications.js';
import type { Flag, FraudRun } from './types.js';

const priorityColor: Record<string, string> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

/** The queue. */
export function FraudQueue({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [priority, setPriority] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>('open');
  const runs = useQuery({
    queryKey: ['examiner', 'fraud-runs'],
    queryFn: ({ signal }) => api.get<{ items: FraudRun[] }>('/examiner/fraud/runs?limit=1', { signal }),
  });
  const config = useQuery({
    queryKey: ['examiner', 'fraud-config'],
    queryFn: ({ signal }) => api.get<{ version: number }>('/examiner/fraud/config', { signal }),
  });
  const q = new URLSearchParams({ limit: '200' });
  if (priority) q.set('priority', priority);
  if (status) q.set('status', status);
  const flags = useQuery({
    queryKey: ['examiner', 'flags', q.toString()],
    queryFn: ({ signal }) => api.get<{ total: number; items: Flag[] }>(`/examiner/fraud/flags?${q}`, { signal }),
  });
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: ['examiner'] });
  const run = useMutation({
    mutationFn: () => api.post('/examiner/fraud/runs', {}),
    onSuccess: invalidate,
    onError: (e) => notifyError(e, 'Scoring failed'),
  });
  const feedback = useMutation({
    mutationFn: ({ id, label }: { id: string; label: string }) =>
      api.post(`/examiner/fraud/flags/${id}/feedback`, { label }),
    onSuccess: invalidate,
    onError: (e) => notifyError(e),
  });
  const reweight = useMutation({
    mutationFn: () => api.post<{ version: number; labels: number }>('/examiner/fraud/reweight'),
    onSuccess: (r) => {
      notify({
        title: 'Weights updated',
        message: `Configuration version ${r.version} learned from ${r.labels} verdicts; the next run uses it.`,
        color: 'green',
      });
      invalidate();
    },
    onError: (e) => notifyError(e, 'Re-weighting failed'),
  });
  const latest = runs.data?.items[0];
  return (
    <Stack>
      <Group>
        {canWrite && (
          <Button loading={run.isPending} onClick={() => run.mutate()} data-testid="fraud-run">
            Score expenses
          </Button>
        )}
        {canWrite && (
          <Button variant="default" loading={reweight.isPending} onClick={() => reweight.mutate()}>
            Re-weight from feedback
          </Button>
        )}
        <Select
          aria-label="Priority"
          placeholder="any priority"
          data={['critical', 'high', 'medium', 'low']}
          value={priority}
          onChange={setPriority}
          clearable
        />
        <Select
          aria-label="Status"
          placeholder="any status"
          data={['open', 'confirmed_fraud', 'false_positive']}
          value={status}
          onChange={setStatus}
          clearable
        />
        {config.data && <Badge variant="outline">config v{config.data.version}</Badge>}
      </Group>
      {latest && (
        <Text size="sm">
          Latest run: {latest.transactionCount} expenses in {latest.currency}, {latest.flaggedCount} flagged (critical{' '}
          {latest.byPriority.critical ?? 0}, high {latest.byPriority.high ?? 0}, medium {latest.byPriority.medium ?? 0}
          ).
        </Text>
      )}
      {flags.isPending ? (
        <Loader size="sm" />
      ) : !latest ? (
        <Alert color="gray">No scoring has run yet. Import expenses, then score them.</Alert>
      ) : flags.data?.items.length === 0 ? (
        <Alert color="gray">No flag matches these filters.</Alert>
      ) : (
        <Table striped withTableBorder data-testid="fraud-flags">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>Expense</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Verdict</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {flags.data?.items.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Badge color={priorityColor[f.priority] ?? 'gray'}>{f.priority}</Badge>
                </Table.Td>
                <Table.Td>{f.riskScore}</Table.Td>
                <Table.Td>
                  {f.expense
                    ? `${f.expense.date} ${f.expense.amount} ${f.expense.currency} ${f.expense.vendor ?? ''}`
                    : f.transactionId}
                </Table.Td>
                <Table.Td>
                  {f.factors.map((x) => (
                    <Text key={x.code} size="xs">
                      <b>{x.code.replaceAll('_', ' ')}</b> (+{x.points.toFixed(0)}): {x.detail}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  {canWrite ? (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        color="red"
                        variant={f.status === 'confirmed_fraud' ? 'filled' : 'light'}
                        onClick={() => feedback.mutate({ id: f.id, label: 'confirmed_fraud' })}
                      >
                        Fraud
                      </Button>
                      <Button
                        size="xs"
                        variant={f.status === 'false_positive' ? 'filled' : 'default'}
                        onClick={() => feedback.mutate({ id: f.id, label: 'false_positive' })}
                      >
                        False positive
                      </Button>
                    </Group>
                  ) : (
                    <Badge variant="light">{f.status.replaceAll('_', ' ')}</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

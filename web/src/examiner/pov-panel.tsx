// POV analysis: run the latest results through one of the six points of view; the user's own role comes first.
import { Alert, Badge, Button, Group, List, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { notifyError } from '../notifications.js';
import { roleLabel } from '../pov.js';
import type { PovResult } from './types.js';

const roles = ['financial_examiner', 'prosecutor', 'judge', 'executive', 'compliance_officer', 'auditor'];
const priorityColor: Record<string, string> = { urgent: 'red', advisory: 'yellow', info: 'gray' };

/** The panel; `userRole` is preselected when it is one of the six. */
export function PovPanel({ userRole }: { userRole: string }) {
  const queryClient = useQueryClient();
  const [role, setRole] = useState(roles.includes(userRole) ? userRole : 'financial_examiner');
  const list = useQuery({
    queryKey: ['examiner', 'pov', role],
    queryFn: ({ signal }) => api.get<{ items: PovResult[] }>(`/examiner/pov-analyses?role=${role}&limit=5`, { signal }),
  });
  const run = useMutation({
    mutationFn: () => api.post<PovResult>('/examiner/pov-analyses', { role }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['examiner', 'pov'] }),
    onError: (e) => notifyError(e, 'Analysis failed'),
  });
  const latest = list.data?.items[0];
  const ordered = [...roles].sort((a, b) => Number(b === userRole) - Number(a === userRole));
  return (
    <Stack>
      <Group>
        <Select
          aria-label="Point of view"
          data={ordered.map((r) => ({
            value: r,
            label: r === userRole ? `${roleLabel(r)} (your role)` : roleLabel(r),
          }))}
          value={role}
          onChange={(v) => setRole(v ?? role)}
          allowDeselect={false}
        />
        <Button loading={run.isPending} onClick={() => run.mutate()} data-testid="pov-run">
          Analyse as {roleLabel(role)}
        </Button>
      </Group>
      {list.isPending ? (
        <Loader size="sm" />
      ) : !latest ? (
        <Alert color="gray">
          No analysis from this point of view yet. It reads the latest fraud run and reconciliation.
        </Alert>
      ) : (
        <Stack gap="xs" data-testid="pov-result">
          <Group>
            <Title order={4}>{latest.analysis.title}</Title>
            <Badge
              size="lg"
              color={(latest.riskScore ?? 0) >= 60 ? 'red' : (latest.riskScore ?? 0) >= 30 ? 'yellow' : 'green'}
            >
              risk {latest.riskScore ?? 0} / 100
            </Badge>
            <Text size="xs" c="dimmed">
              {new Date(latest.createdAt).toLocaleString()}
            </Text>
          </Group>
          <Text size="sm">Focus: {latest.analysis.focusAreas.join(', ')}</Text>
          {latest.analysis.emphasis.length > 0 && (
            <Text size="sm">
              Driven by:{' '}
              {latest.analysis.emphasis
                .map((e) => `${e.figure.replaceAll('_', ' ')} (${e.points.toFixed(0)} pts)`)
                .join(', ')}
            </Text>
          )}
          <Title order={5}>Recommendations</Title>
          {latest.analysis.recommendations.length === 0 ? (
            <Text size="sm">No recommendation applies to these figures.</Text>
          ) : (
            <List>
              {latest.analysis.recommendations.map((r) => (
                <List.Item key={r.id}>
                  <Badge size="xs" color={priorityColor[r.priority] ?? 'gray'} mr="xs">
                    {r.priority}
                  </Badge>
                  {r.text}
                </List.Item>
              ))}
            </List>
          )}
          {latest.analysis.missingFigures.length > 0 && (
            <Text size="xs" c="dimmed">
              Not yet known: {latest.analysis.missingFigures.join(', ')}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

// Reports page: the builder (for users who may create reports), stored reports with download, and schedules.
import { Alert, Badge, Button, Code, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api.js';
import { fileNameOf, saveBlob } from '../cases/save-blob.js';
import { useCan } from '../cases/use-can.js';
import type { PageProps } from '../page-components.js';
import { ReportBuilder } from '../reports/report-builder.js';
import { kindLabel, type ReportItem, type ScheduleItem } from '../reports/types.js';
import { formatTime } from './format.js';
import { PageHeader } from './page-header.js';

/** How often the list refreshes, so scheduled reports appear without a reload. */
export const reportsRefreshMs = 30_000;

/** The reports page. */
export function ReportsPage({ page }: PageProps) {
  const canWrite = useCan('reports:write');
  return (
    <>
      <PageHeader page={page} />
      <Stack gap="xl">
        {canWrite && <ReportBuilder />}
        <ReportList />
        <Schedules canWrite={canWrite} />
      </Stack>
    </>
  );
}

function ReportList() {
  const list = useQuery({
    queryKey: ['reports'],
    queryFn: ({ signal }) => api.get<{ items: ReportItem[] }>('/reports?limit=100', { signal }),
    refetchInterval: reportsRefreshMs,
  });
  const download = useMutation({
    mutationFn: async (r: ReportItem) => {
      const { blob, response } = await api.download(`/reports/${r.id}/download`);
      saveBlob(blob, fileNameOf(response, r.fileName));
    },
  });
  return (
    <Stack gap="xs">
      <Title order={4}>Reports</Title>
      {list.isPending ? (
        <Loader size="sm" />
      ) : list.isError ? (
        <Alert color="red">Could not load the reports.</Alert>
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed">No reports you may open have been generated yet.</Text>
      ) : (
        <Table data-testid="reports-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Created</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th>Masked for</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th>SHA-256</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatTime(r.createdAt)}</Table.Td>
                <Table.Td>
                  {kindLabel(r.kind)} {r.scheduleId !== null && <Badge size="xs">scheduled</Badge>}
                </Table.Td>
                <Table.Td>{r.format}</Table.Td>
                <Table.Td>{r.readerRole}</Table.Td>
                <Table.Td>{r.sizeBytes.toLocaleString()} B</Table.Td>
                <Table.Td>
                  <Code fz="xs">{r.sha256.slice(0, 16)}…</Code>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => download.mutate(r)}>
                    Download
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Schedules({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['report-schedules'],
    queryFn: ({ signal }) => api.get<{ items: ScheduleItem[] }>('/reports/schedules', { signal }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/reports/schedules/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['report-schedules'] }),
  });
  const runNow = useMutation({
    mutationFn: (id: string) => api.post<ReportItem>(`/reports/schedules/${id}/run`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['reports'] }),
  });
  return (
    <Stack gap="xs">
      <Title order={4}>Schedules</Title>
      {list.isPending ? (
        <Loader size="sm" />
      ) : list.isError ? (
        <Alert color="red">Could not load the schedules.</Alert>
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed">You have no report schedules. Build a report above and give it a cron expression.</Text>
      ) : (
        <Table data-testid="schedules-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cron (UTC)</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th>Next run</Table.Th>
              <Table.Th>Last run</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Code>{s.cron}</Code>
                </Table.Td>
                <Table.Td>{kindLabel(s.kind)}</Table.Td>
                <Table.Td>{s.format}</Table.Td>
                <Table.Td>{formatTime(s.nextRunAt)}</Table.Td>
                <Table.Td>
                  {formatTime(s.lastRunAt)} {s.lastError !== null && <Badge color="red">{s.lastError}</Badge>}
                </Table.Td>
                <Table.Td>
                  {canWrite && (
                    <>
                      <Button size="xs" variant="light" mr="xs" onClick={() => runNow.mutate(s.id)}>
                        Run now
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(s.id)}>
                        Delete
                      </Button>
                    </>
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

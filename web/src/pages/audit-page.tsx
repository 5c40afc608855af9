// Audit page: verifies the hash chain of the audit log and lists its latest entries.
import { Alert, Badge, Button, Group, Loader, ScrollArea, Table, Text, Title } from '@mantine/core';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import type { AuditEntry, AuditVerification, ItemList } from '../api-types.js';
import type { PageProps } from '../page-components.js';
import { formatTime } from './format.js';
import { PageHeader } from './page-header.js';

/** How many recent entries the page lists. */
export const auditEntriesShown = 50;

/** The audit page. */
export function AuditPage({ page }: PageProps) {
  const verify = useQuery({
    queryKey: ['audit', 'verify'],
    queryFn: ({ signal }) => api.get<AuditVerification>('/audit/verify', { signal }),
    staleTime: 0,
  });
  const entries = useQuery({
    queryKey: ['audit', 'entries', auditEntriesShown],
    queryFn: ({ signal }) => api.get<ItemList<AuditEntry>>(`/audit?limit=${auditEntriesShown}`, { signal }),
    staleTime: 0,
  });

  return (
    <>
      <PageHeader page={page} />
      <Group justify="space-between" mb="sm">
        <Title order={4}>Chain verification</Title>
        <Button
          variant="default"
          loading={verify.isFetching || entries.isFetching}
          onClick={() => {
            void verify.refetch();
            void entries.refetch();
          }}
        >
          Verify again
        </Button>
      </Group>
      <VerificationResult query={verify} />
      <Title order={4} mt="lg" mb="sm">
        Latest {auditEntriesShown} entries
      </Title>
      {entries.isPending ? (
        <Loader size="sm" />
      ) : entries.isError ? (
        <Alert color="red">Could not load the audit log ({codeOf(entries.error)}).</Alert>
      ) : (
        <AuditTable items={entries.data.items} />
      )}
    </>
  );
}

// Outcomes the server records; anything unexpected is shown neutrally rather than guessed at.
function outcomeColor(outcome: string): string {
  if (['success', 'ok', 'allowed'].includes(outcome)) return 'green';
  if (['failure', 'error', 'denied', 'rejected'].includes(outcome)) return 'red';
  return 'gray';
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown_error';
}

function VerificationResult({ query }: { query: UseQueryResult<AuditVerification> }) {
  if (query.isPending) return <Loader size="sm" aria-label="Verifying the audit chain" />;
  if (query.isError) return <Alert color="red">Verification could not run ({codeOf(query.error)}).</Alert>;
  const result = query.data;
  if (result.ok) {
    return (
      <Alert color="green" data-testid="audit-verify" data-ok="true" title="Audit log verified">
        <Group gap="xs">
          <Badge color="green">chain intact</Badge>
          <Text size="sm">
            {result.checked} {result.checked === 1 ? 'entry' : 'entries'} checked; every hash links to the one before.
          </Text>
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="red" data-testid="audit-verify" data-ok="false" title="Audit log verification failed">
      <Group gap="xs">
        <Badge color="red">chain broken</Badge>
        <Text size="sm">
          {result.checked} {result.checked === 1 ? 'entry' : 'entries'} checked.
          {result.firstBroken !== undefined &&
            ` First broken entry: ${result.firstBroken.id} (${result.firstBroken.reason}).`}
        </Text>
      </Group>
    </Alert>
  );
}

function AuditTable({ items }: { items: AuditEntry[] }) {
  if (items.length === 0) return <Text c="dimmed">The audit log has no entries yet.</Text>;
  return (
    <ScrollArea>
      <Table data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Resource</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>Request</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(entry.at)}</Table.Td>
              <Table.Td>{entry.actor ?? '—'}</Table.Td>
              <Table.Td>{entry.action}</Table.Td>
              <Table.Td>{[entry.resourceType, entry.resourceId].filter(Boolean).join(' ') || '—'}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={outcomeColor(entry.outcome)}>
                  {entry.outcome}
                </Badge>
              </Table.Td>
              <Table.Td>{entry.ip ?? '—'}</Table.Td>
              <Table.Td ff="monospace" fz="xs">
                {entry.requestId ?? '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

// Cases page: the case list with a create form, and the selected case's full view.
import { Alert, Badge, Button, Grid, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { CaseDetailView } from '../cases/case-detail.js';
import { type CaseDetail, type CaseSummary, caseStages } from '../cases/types.js';
import { useCan } from '../cases/use-can.js';
import type { PageProps } from '../page-components.js';
import { formatTime } from './format.js';
import { PageHeader } from './page-header.js';

/** The cases page. */
export function CasesPage({ page }: PageProps) {
  const [selected, setSelected] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['cases', 'list', stage],
    queryFn: ({ signal }) =>
      api.get<{ items: CaseSummary[] }>(`/examiner/cases?limit=200${stage ? `&stage=${stage}` : ''}`, { signal }),
  });
  return (
    <>
      <PageHeader page={page} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            {useCan('cases:write') && <CreateCase onCreated={setSelected} />}
            <Group justify="space-between">
              <Title order={4}>Cases</Title>
              <Select
                placeholder="All stages"
                data={[...caseStages]}
                value={stage}
                onChange={setStage}
                clearable
                w={150}
              />
            </Group>
            {list.isPending ? (
              <Loader size="sm" />
            ) : list.isError ? (
              <Alert color="red">Could not load the cases.</Alert>
            ) : list.data.items.length === 0 ? (
              <Text c="dimmed">No cases {stage ? `at stage ${stage}` : 'yet'}.</Text>
            ) : (
              <Table highlightOnHover data-testid="cases-table">
                <Table.Tbody>
                  {list.data.items.map((c) => (
                    <Table.Tr
                      key={c.id}
                      onClick={() => setSelected(c.id)}
                      style={{ cursor: 'pointer' }}
                      bg={c.id === selected ? 'var(--mantine-color-default-hover)' : undefined}
                    >
                      <Table.Td>{c.title}</Table.Td>
                      <Table.Td>
                        <Badge variant="light">{c.stage}</Badge>
                      </Table.Td>
                      <Table.Td fz="xs">{formatTime(c.updatedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {selected === null ? (
            <Text c="dimmed">Select a case to see it.</Text>
          ) : (
            <CaseDetailView key={selected} caseId={selected} />
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function CreateCase({ onCreated }: { onCreated(id: string): void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const create = useMutation({
    mutationFn: (t: string) => api.post<CaseDetail>('/examiner/cases', { title: t }),
    onSuccess: (c) => {
      setTitle('');
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
      onCreated(c.id);
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(title);
      }}
    >
      <Group align="flex-end">
        <TextInput
          label="New case"
          placeholder="Title"
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="case-title"
        />
        <Button type="submit" loading={create.isPending} data-testid="case-create">
          Open case
        </Button>
      </Group>
    </form>
  );
}

// One case: stage and transitions, parties, milestones, documents with versions, evidence and the timeline.
import {
  Alert,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { formatTime } from '../pages/format.js';
import { EvidenceSection } from './evidence-section.js';
import { fileNameOf, saveBlob } from './save-blob.js';
import { type CaseDetail, caseStages, partyRoles } from './types.js';
import { useCan } from './use-can.js';

// Every change answers with the whole case; put it in the cache so the view updates at once.
function useCaseChange<B>(caseId: string, path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api.post<CaseDetail>(`/examiner/cases/${caseId}${path}`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(['cases', caseId], updated);
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}

/** The case view. */
export function CaseDetailView({ caseId }: { caseId: string }) {
  const query = useQuery({
    queryKey: ['cases', caseId],
    queryFn: ({ signal }) => api.get<CaseDetail>(`/examiner/cases/${caseId}`, { signal }),
  });
  if (query.isPending) return <Loader size="sm" />;
  if (query.isError) return <Alert color="red">Could not load the case.</Alert>;
  const c = query.data;
  const closed = c.stage === 'closed';
  return (
    <Stack gap="lg" data-testid="case-detail">
      <Stages c={c} />
      <Parties c={c} closed={closed} />
      <Milestones c={c} closed={closed} />
      <Documents c={c} closed={closed} />
      <EvidenceSection caseId={c.id} closed={closed} />
      <CaseTimeline c={c} />
    </Stack>
  );
}

function Stages({ c }: { c: CaseDetail }) {
  const canWrite = useCan('cases:write');
  const move = useCaseChange<{ to: string }>(c.id, '/transition');
  const report = useMutation({
    mutationFn: async () => {
      const { blob, response } = await api.download(`/examiner/cases/${c.id}/report?format=pdf`);
      saveBlob(blob, fileNameOf(response, `case-${c.id}.pdf`));
    },
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3}>{c.title}</Title>
        <Button variant="default" onClick={() => report.mutate()} loading={report.isPending} data-testid="case-report">
          Legal report (PDF)
        </Button>
      </Group>
      <Group gap={4}>
        {caseStages.map((s) => (
          <Badge key={s} variant={s === c.stage ? 'filled' : 'light'} color={s === c.stage ? undefined : 'gray'}>
            {s}
          </Badge>
        ))}
      </Group>
      <Text size="sm" c="dimmed">
        Opened {formatTime(c.openedAt)}; case id <Code>{c.id}</Code>
      </Text>
      {canWrite && c.allowedTransitions.length > 0 && (
        <Group gap="xs">
          <Text size="sm">Move to:</Text>
          {c.allowedTransitions.map((to) => (
            <Button
              key={to}
              size="xs"
              variant={to === 'closed' ? 'outline' : 'light'}
              color={to === 'closed' ? 'red' : undefined}
              loading={move.isPending}
              onClick={() => move.mutate({ to })}
              data-testid={`transition-${to}`}
            >
              {to}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}

function Parties({ c, closed }: { c: CaseDetail; closed: boolean }) {
  const add = useCaseChange<{ name: string; role: string; email?: string }>(c.id, '/parties');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('witness');
  const [email, setEmail] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      { name, role: role ?? 'other', ...(email.trim() ? { email: email.trim() } : {}) },
      { onSuccess: () => setName('') },
    );
  }
  return (
    <Stack gap="xs">
      <Title order={4}>Parties</Title>
      {c.parties.length === 0 ? (
        <Text c="dimmed">No parties recorded yet.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {c.parties.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.role}</Table.Td>
                <Table.Td>{p.email ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {useCan('cases:write') && !closed && (
        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Select label="Role" data={[...partyRoles]} value={role} onChange={setRole} w={150} />
            <TextInput label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <Button type="submit" loading={add.isPending}>
              Add party
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

function Milestones({ c, closed }: { c: CaseDetail; closed: boolean }) {
  const canWrite = useCan('cases:write') && !closed;
  const add = useCaseChange<{ title: string; dueDate: string }>(c.id, '/milestones');
  const queryClient = useQueryClient();
  const complete = useMutation({
    mutationFn: (id: string) => api.post<CaseDetail>(`/examiner/cases/${c.id}/milestones/${id}/complete`),
    onSuccess: (updated) => queryClient.setQueryData(['cases', c.id], updated),
  });
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Stack gap="xs">
      <Title order={4}>Milestones</Title>
      {c.milestones.length === 0 ? (
        <Text c="dimmed">No milestones yet.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {c.milestones.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.title}</Table.Td>
                <Table.Td>due {m.dueDate}</Table.Td>
                <Table.Td>
                  {m.completedAt !== null ? (
                    <Badge color="green">done {formatTime(m.completedAt)}</Badge>
                  ) : m.dueDate < today ? (
                    <Badge color="red">overdue</Badge>
                  ) : (
                    <Badge color="gray">open</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {canWrite && m.completedAt === null && (
                    <Button size="xs" variant="light" onClick={() => complete.mutate(m.id)}>
                      Complete
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ title, dueDate: due }, { onSuccess: () => setTitle('') });
          }}
        >
          <Group align="flex-end">
            <TextInput label="Milestone" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
            <TextInput label="Due" type="date" required value={due} onChange={(e) => setDue(e.currentTarget.value)} />
            <Button type="submit" loading={add.isPending}>
              Add milestone
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

function Documents({ c, closed }: { c: CaseDetail; closed: boolean }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [documentId, setDocumentId] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => {
      const existing = c.documents.find((d) => d.id === documentId);
      const query = new URLSearchParams({ title: existing?.title ?? (title.trim() || f.name) });
      if (existing !== undefined) query.set('documentId', existing.id);
      return api.upload<CaseDetail>(`/examiner/cases/${c.id}/documents?${query}`, f);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['cases', c.id], updated);
      setFile(null);
    },
  });
  const fetchVersion = useMutation({
    mutationFn: async ({ id, version, name }: { id: string; version: number; name: string }) => {
      const { blob } = await api.download(`/examiner/cases/${c.id}/documents/${id}/versions/${version}`);
      saveBlob(blob, `${name}-v${version}`);
    },
  });
  return (
    <Stack gap="xs">
      <Title order={4}>Documents</Title>
      {c.documents.length === 0 ? (
        <Text c="dimmed">No documents yet.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {c.documents.flatMap((d) =>
              d.versions.map((v) => (
                <Table.Tr key={`${d.id}-${v.version}`}>
                  <Table.Td>{d.title}</Table.Td>
                  <Table.Td>v{v.version}</Table.Td>
                  <Table.Td>
                    <Code fz="xs">{v.sha256.slice(0, 20)}…</Code>
                  </Table.Td>
                  <Table.Td>
                    {v.addedBy}, {formatTime(v.addedAt)}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => fetchVersion.mutate({ id: d.id, version: v.version, name: d.title })}
                    >
                      Download
                    </Button>
                  </Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      )}
      {useCan('cases:write') && !closed && (
        <Group align="flex-end">
          <Select
            label="Document"
            data={[
              { value: '', label: 'New document' },
              ...c.documents.map((d) => ({ value: d.id, label: `${d.title} (new version)` })),
            ]}
            value={documentId ?? ''}
            onChange={(v) => setDocumentId(v === '' ? null : v)}
            w={220}
          />
          {documentId === null && (
            <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          )}
          <FileInput label="File" placeholder="Choose a file" value={file} onChange={setFile} w={220} />
          <Button disabled={file === null} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
            Upload version
          </Button>
        </Group>
      )}
    </Stack>
  );
}

// The timeline only ever grows, so an event's position in it is a stable key.
function timelineNewestFirst(c: CaseDetail) {
  return c.timeline.map((e, position) => ({ ...e, position })).reverse();
}

function CaseTimeline({ c }: { c: CaseDetail }) {
  return (
    <Stack gap="xs">
      <Title order={4}>Timeline</Title>
      <Table data-testid="case-timeline">
        <Table.Tbody>
          {timelineNewestFirst(c).map((e) => (
            <Table.Tr key={e.position}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.at)}</Table.Td>
              <Table.Td>{e.actor}</Table.Td>
              <Table.Td>{e.kind.replaceAll('_', ' ')}</Table.Td>
              <Table.Td>{e.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

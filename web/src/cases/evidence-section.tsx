// Evidence of one case: upload (hash shown), list, download as view or export, custody timeline and verification.
import {
  Alert,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { notify } from '../notifications.js';
import { formatTime } from '../pages/format.js';
import { fileNameOf, saveBlob } from './save-blob.js';
import type { CustodyEntry, CustodyVerification, EvidenceItem } from './types.js';
import { useCan } from './use-can.js';

/** The evidence part of the case view. */
export function EvidenceSection({ caseId, closed }: { caseId: string; closed: boolean }) {
  const [selected, setSelected] = useState<string | null>(null);
  const items = useQuery({
    queryKey: ['cases', caseId, 'evidence'],
    queryFn: ({ signal }) => api.get<{ items: EvidenceItem[] }>(`/examiner/cases/${caseId}/evidence`, { signal }),
  });
  return (
    <Stack gap="sm">
      <Title order={4}>Evidence</Title>
      {useCan('cases:write') && !closed && <UploadEvidence caseId={caseId} />}
      {items.isPending ? (
        <Loader size="sm" />
      ) : items.isError ? (
        <Alert color="red">Could not load the evidence.</Alert>
      ) : items.data.items.length === 0 ? (
        <Text c="dimmed">No evidence has been collected for this case yet.</Text>
      ) : (
        <Table data-testid="evidence-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>SHA-256</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th>Collected</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.data.items.map((item) => (
              <Table.Tr key={item.id} bg={item.id === selected ? 'var(--mantine-color-default-hover)' : undefined}>
                <Table.Td>{item.title}</Table.Td>
                <Table.Td>
                  <Code fz="xs">{item.sha256}</Code>
                </Table.Td>
                <Table.Td>{item.sizeBytes.toLocaleString()} B</Table.Td>
                <Table.Td>
                  {item.collectedBy}, {formatTime(item.collectedAt)}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setSelected(item.id)}>
                    Custody
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected !== null && <CustodyPanel key={selected} itemId={selected} />}
    </Stack>
  );
}

function UploadEvidence({ caseId }: { caseId: string }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const upload = useMutation({
    mutationFn: (f: File) => {
      const query = new URLSearchParams({
        title: title.trim() || f.name,
        mediaType: f.type || 'application/octet-stream',
      });
      return api.upload<{ item: EvidenceItem }>(`/examiner/cases/${caseId}/evidence?${query}`, f);
    },
    onSuccess: ({ item }) => {
      notify({ title: 'Evidence collected', message: `SHA-256 ${item.sha256}`, color: 'green' });
      setFile(null);
      setTitle('');
      void queryClient.invalidateQueries({ queryKey: ['cases', caseId] });
    },
  });
  return (
    <Group align="flex-end">
      <FileInput
        label="File"
        placeholder="Choose a file"
        value={file}
        onChange={setFile}
        w={260}
        data-testid="evidence-file"
      />
      <TextInput
        label="Title"
        placeholder="defaults to the file name"
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <Button
        disabled={file === null}
        loading={upload.isPending}
        onClick={() => file && upload.mutate(file)}
        data-testid="evidence-upload"
      >
        Upload and hash
      </Button>
      {upload.data !== undefined && (
        <Text size="sm" data-testid="evidence-hash">
          Stored as <Code>{upload.data.item.sha256}</Code>
        </Text>
      )}
    </Group>
  );
}

function CustodyPanel({ itemId }: { itemId: string }) {
  const queryClient = useQueryClient();
  const chain = useQuery({
    queryKey: ['evidence', itemId, 'custody'],
    queryFn: ({ signal }) => api.get<{ items: CustodyEntry[] }>(`/examiner/evidence/${itemId}/custody`, { signal }),
  });
  const verify = useMutation({
    mutationFn: () => api.get<CustodyVerification>(`/examiner/evidence/${itemId}/custody/verify`),
  });
  const fetchFile = useMutation({
    mutationFn: async (purpose: 'view' | 'export') => {
      const { blob, response } = await api.download(`/examiner/evidence/${itemId}/download?purpose=${purpose}`);
      saveBlob(blob, fileNameOf(response, 'evidence'));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['evidence', itemId, 'custody'] }),
  });
  return (
    <Stack gap="xs" data-testid="custody-panel">
      <Group>
        <Title order={5}>Chain of custody</Title>
        <Button size="xs" onClick={() => verify.mutate()} loading={verify.isPending} data-testid="custody-verify">
          Verify chain and file
        </Button>
        <Button size="xs" variant="default" onClick={() => fetchFile.mutate('view')}>
          Download (records “viewed”)
        </Button>
        <Button size="xs" variant="default" onClick={() => fetchFile.mutate('export')}>
          Export (records “exported”)
        </Button>
      </Group>
      {verify.data !== undefined && <VerificationAlert result={verify.data} />}
      {chain.isPending ? (
        <Loader size="sm" />
      ) : chain.isError ? (
        <Alert color="red">Could not load the custody chain.</Alert>
      ) : (
        <Timeline active={chain.data.items.length - 1} bulletSize={18} lineWidth={2}>
          {chain.data.items.map((e) => (
            <Timeline.Item key={e.seq} title={`${e.seq}. ${e.action}${e.toCustodian ? ` to ${e.toCustodian}` : ''}`}>
              <Text size="xs" c="dimmed">
                {e.actor}, {formatTime(e.at)}
              </Text>
              <Text size="xs" ff="monospace">
                hash {e.hash.slice(0, 16)}… prev {e.prevHash.slice(0, 16)}…
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

function VerificationAlert({ result }: { result: CustodyVerification }) {
  if (result.ok) {
    return (
      <Alert color="green" title="Custody intact" data-testid="custody-result" data-ok="true">
        {result.entries} entries link to one another and the stored file still hashes to{' '}
        <Code>{result.content.expectedSha256}</Code>.
      </Alert>
    );
  }
  return (
    <Alert color="red" title="Custody verification failed" data-testid="custody-result" data-ok="false">
      <Stack gap={4}>
        {result.firstBad !== undefined && (
          <Text size="sm">
            First bad entry: <Badge color="red">#{result.firstBad.seq}</Badge> ({result.firstBad.reason}).
          </Text>
        )}
        {!result.content.ok && (
          <Text size="sm">
            File content: {result.content.reason}; expected {result.content.expectedSha256.slice(0, 16)}…, found{' '}
            {result.content.actualSha256?.slice(0, 16) ?? 'nothing'}….
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

// Import wizard: kind, format, account and currency; CSV column mapping with a live preview; upload and its outcome.
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { notifyError } from '../notifications.js';
import type { ImportSummary, Preview, Rejection } from './types.js';
import { contentTypeFor, uploadFile } from './upload.js';

const formatsByKind: Record<string, string[]> = {
  bank: ['csv', 'ofx', 'qfx', 'camt053', 'mt940'],
  expenses: ['csv', 'xlsx'],
};
const dateFormats = ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd.mm.yyyy', 'yyyymmdd', 'yymmdd'];
/** Bytes of the file sent for a preview: enough for 20 rows of any sane CSV. */
const previewBytes = 64 * 1024;

interface Columns {
  date: string;
  amount: string;
  description: string;
  reference: string;
  vendor: string;
  category: string;
}

function mappingOf(
  kind: string,
  c: Columns,
  dateFormat: string,
  decimal: string,
  delimiter: string,
  hasHeader: boolean,
) {
  const ref = (v: string) => (v.trim() === '' ? undefined : hasHeader ? v.trim() : Number(v));
  const common = { dateFormat, decimalSeparator: decimal, delimiter, hasHeader };
  if (kind === 'bank') {
    return {
      date: ref(c.date),
      amount: ref(c.amount),
      description: ref(c.description),
      reference: ref(c.reference),
      ...common,
    };
  }
  const columns = {
    date: ref(c.date),
    amount: ref(c.amount),
    vendor: ref(c.vendor),
    description: ref(c.description),
    category: ref(c.category),
    reference: ref(c.reference),
  };
  return { columns, ...common };
}

/** The wizard. */
export function ImportWizard({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState('bank');
  const [format, setFormat] = useState('csv');
  const [account, setAccount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [file, setFile] = useState<File | null>(null);
  const [cols, setCols] = useState<Columns>({
    date: 'date',
    amount: 'amount',
    description: 'description',
    reference: '',
    vendor: 'vendor',
    category: '',
  });
  const [dateFormat, setDateFormat] = useState('yyyy-mm-dd');
  const [decimal, setDecimal] = useState('.');
  const [delimiter, setDelimiter] = useState(',');
  const [hasHeader, setHasHeader] = useState(true);
  const [mappingName, setMappingName] = useState('');
  const [result, setResult] = useState<ImportSummary | null>(null);
  const mappings = useQuery({
    queryKey: ['examiner', 'mappings'],
    queryFn: ({ signal }) =>
      api.get<{ items: { name: string; mapping: unknown }[] }>('/examiner/bank-mappings', { signal }),
  });
  const needsMapping = format === 'csv' || format === 'xlsx';
  const mapping = mappingOf(kind, cols, dateFormat, decimal, delimiter, hasHeader);
  const query = () => {
    const q = new URLSearchParams({ kind, format });
    if (account.trim()) q.set('account', account.trim());
    if (currency.trim()) q.set('currency', currency.trim().toUpperCase());
    if (needsMapping) q.set('mappingJson', JSON.stringify(mapping));
    return q.toString();
  };
  const preview = useMutation({
    mutationFn: (f: File) =>
      uploadFile<Preview>(
        `/examiner/imports/preview?${query()}`,
        format === 'xlsx' ? f : f.slice(0, previewBytes),
        contentTypeFor(format),
      ),
  });
  // Re-run the preview whenever the file or the mapping changes: the mapping is tuned against what it shows.
  const previewKey = `${file?.name}|${file?.size}|${query()}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: previewKey captures every input of the preview
  useEffect(() => {
    if (file && canWrite) preview.mutate(file);
  }, [previewKey]);
  const upload = useMutation({
    mutationFn: (f: File) => uploadFile<ImportSummary>(`/examiner/imports?${query()}`, f, contentTypeFor(format)),
    onSuccess: (summary) => {
      setResult(summary);
      void queryClient.invalidateQueries({ queryKey: ['examiner'] });
    },
    onError: (e) => notifyError(e, 'Import failed'),
  });
  const save = useMutation({
    mutationFn: () =>
      api.put(`/examiner/bank-mappings/${encodeURIComponent(mappingName.trim())}`, {
        mapping: JSON.parse(JSON.stringify(mapping)),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['examiner', 'mappings'] }),
    onError: (e) => notifyError(e, 'Could not save the mapping'),
  });
  const loadMapping = (name: string | null) => {
    const m = mappings.data?.items.find((i) => i.name === name)?.mapping as Record<string, unknown> | undefined;
    if (!m) return;
    const c = (m.columns ?? m) as Record<string, string | number | undefined>;
    const s = (v: string | number | undefined) => (v === undefined ? '' : String(v));
    setCols({
      date: s(c.date),
      amount: s(c.amount),
      description: s(c.description),
      reference: s(c.reference),
      vendor: s(c.vendor),
      category: s(c.category),
    });
    setDateFormat(String(m.dateFormat));
    setDecimal(String(m.decimalSeparator));
    setDelimiter(String(m.delimiter ?? ','));
    setHasHeader(Boolean(m.hasHeader));
    setMappingName(name ?? '');
  };
  if (!canWrite) return <Alert color="gray">Your role may read imported data but not import files.</Alert>;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 4 }}>
        <Select
          label="Kind"
          data={[
            { value: 'bank', label: 'Bank statement' },
            { value: 'expenses', label: 'Expenses' },
          ]}
          value={kind}
          allowDeselect={false}
          onChange={(v) => {
            setKind(v ?? 'bank');
            setFormat('csv');
          }}
          data-testid="import-kind"
        />
        <Select
          label="Format"
          data={formatsByKind[kind] ?? []}
          value={format}
          allowDeselect={false}
          onChange={(v) => setFormat(v ?? 'csv')}
          data-testid="import-format"
        />
        <TextInput
          label="Account"
          description={kind === 'bank' && format === 'csv' ? 'required for CSV' : 'optional'}
          value={account}
          onChange={(e) => setAccount(e.currentTarget.value)}
        />
        <TextInput
          label="Currency"
          description="of rows without one"
          value={currency}
          maxLength={3}
          onChange={(e) => setCurrency(e.currentTarget.value)}
        />
      </SimpleGrid>
      <FileInput
        label="File"
        placeholder="Choose a file"
        value={file}
        onChange={(f) => {
          setFile(f);
          setResult(null);
        }}
        data-testid="import-file"
      />
      {needsMapping && (
        <Stack gap="xs">
          <Title order={5}>Column mapping</Title>
          <Group align="end">
            <Select
              label="Saved mappings"
              placeholder={mappings.data?.items.length ? 'Load one' : 'None saved yet'}
              data={(mappings.data?.items ?? []).map((i) => i.name)}
              onChange={loadMapping}
              clearable
            />
            <Checkbox
              label="First row names the columns"
              checked={hasHeader}
              onChange={(e) => setHasHeader(e.currentTarget.checked)}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {hasHeader ? 'Give header names.' : 'Give 0-based column numbers.'} Leave optional columns empty.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 6 }}>
            {(kind === 'bank'
              ? (['date', 'amount', 'description', 'reference'] as const)
              : (['date', 'amount', 'vendor', 'description', 'category', 'reference'] as const)
            ).map((k) => (
              <TextInput
                key={k}
                label={k}
                value={cols[k]}
                onChange={(e) => setCols({ ...cols, [k]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Select
              label="Date format"
              data={dateFormats}
              value={dateFormat}
              allowDeselect={false}
              onChange={(v) => setDateFormat(v ?? 'yyyy-mm-dd')}
            />
            <Select
              label="Decimal separator"
              data={['.', ',']}
              value={decimal}
              allowDeselect={false}
              onChange={(v) => setDecimal(v ?? '.')}
            />
            {format === 'csv' && (
              <TextInput
                label="Delimiter"
                value={delimiter}
                maxLength={1}
                onChange={(e) => setDelimiter(e.currentTarget.value || ',')}
              />
            )}
            <Group align="end" gap="xs">
              <TextInput
                label="Save as"
                placeholder="bank name"
                value={mappingName}
                onChange={(e) => setMappingName(e.currentTarget.value)}
              />
              <Button
                variant="default"
                disabled={mappingName.trim() === ''}
                loading={save.isPending}
                onClick={() => save.mutate()}
              >
                Save
              </Button>
            </Group>
          </SimpleGrid>
        </Stack>
      )}
      {file && <PreviewTable preview={preview.data} error={preview.error} pending={preview.isPending} />}
      <Group>
        <Button
          disabled={!file}
          loading={upload.isPending}
          onClick={() => file && upload.mutate(file)}
          data-testid="import-upload"
        >
          Import
        </Button>
      </Group>
      {result && <ImportResult summary={result} />}
    </Stack>
  );
}

function PreviewTable({ preview, error, pending }: { preview: Preview | undefined; error: unknown; pending: boolean }) {
  if (pending) return <Text size="sm">Reading the first rows…</Text>;
  if (error) return <Alert color="red">The preview failed: {String((error as { code?: string }).code ?? error)}</Alert>;
  if (!preview) return null;
  return (
    <Stack gap="xs">
      <Title order={5}>Preview (first rows, nothing stored)</Title>
      {preview.rows.length === 0 ? (
        <Text size="sm">No row could be read with this mapping.</Text>
      ) : (
        <Table striped withTableBorder data-testid="import-preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Amount</Table.Th>
              <Table.Th>Vendor / description</Table.Th>
              <Table.Th>Reference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>{r.date}</Table.Td>
                <Table.Td>
                  {r.amount} {r.currency}
                </Table.Td>
                <Table.Td>
                  {r.vendor ? `${r.vendor} · ` : ''}
                  {r.description}
                </Table.Td>
                <Table.Td>{r.reference ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {preview.rejected.length > 0 && <RejectionTable rows={preview.rejected} />}
    </Stack>
  );
}

function RejectionTable({ rows }: { rows: Rejection[] }) {
  return (
    <Table withTableBorder data-testid="import-rejections">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Line</Table.Th>
          <Table.Th>Reason</Table.Th>
          <Table.Th>Detail</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.line}-${r.reason}`}>
            <Table.Td>{r.line}</Table.Td>
            <Table.Td>{r.reason}</Table.Td>
            <Table.Td>{r.detail}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  return (
    <Stack gap="xs" data-testid="import-result">
      <Alert color={summary.rejected.total > 0 ? 'yellow' : 'green'} title="Imported">
        {summary.accepted} new rows stored, {summary.duplicates} already present (skipped), {summary.rejected.total}{' '}
        rejected.
      </Alert>
      {summary.rejected.total > 0 && (
        <>
          {summary.rejected.total > summary.rejected.rows.length && (
            <Text size="sm">
              The first {summary.rejected.rows.length} of {summary.rejected.total} rejected rows:
            </Text>
          )}
          <RejectionTable rows={summary.rejected.rows} />
        </>
      )}
    </Stack>
  );
}

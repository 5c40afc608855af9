// The report builder: kind, format, the input figures (or a case), audience; generates and stores a report.
import { Alert, Button, Group, JsonInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import type { CaseSummary } from '../cases/types.js';
import { useCan } from '../cases/use-can.js';
import { notify } from '../notifications.js';
import { useUser } from '../session.js';
import {
  inputRowHelp,
  inputSkeletons,
  kindLabel,
  type ReportItem,
  type ReportKind,
  reportFormats,
  reportKinds,
} from './types.js';

/** What the builder produces: a report request, optionally with a cron for a schedule. */
export interface BuiltRequest {
  kind: ReportKind;
  format: string;
  input: unknown;
  audience?: string;
}

function skeletonText(kind: ReportKind): string {
  return kind === 'case_report' ? '' : JSON.stringify(inputSkeletons[kind], null, 2);
}

/** The builder form; `cron` set turns "Generate" into "Schedule". */
export function ReportBuilder() {
  const queryClient = useQueryClient();
  const user = useUser();
  const canReadCases = useCan('cases:read');
  const [kind, setKind] = useState<ReportKind>('reconciliation_summary');
  const [format, setFormat] = useState<string>('pdf');
  const [inputText, setInputText] = useState(skeletonText('reconciliation_summary'));
  const [caseId, setCaseId] = useState<string | null>(null);
  const [audience, setAudience] = useState('');
  const [cron, setCron] = useState('');
  const cases = useQuery({
    queryKey: ['cases', 'list', null],
    queryFn: ({ signal }) => api.get<{ items: CaseSummary[] }>('/examiner/cases?limit=200', { signal }),
    enabled: canReadCases && kind === 'case_report',
  });
  const parsed = (() => {
    if (kind === 'case_report') return caseId === null ? null : { caseId };
    try {
      return JSON.parse(inputText) as unknown;
    } catch {
      return null;
    }
  })();
  const body = (): BuiltRequest => ({
    kind,
    format,
    input: parsed,
    ...(audience.trim() ? { audience: audience.trim() } : {}),
  });
  const generate = useMutation({
    mutationFn: () => api.post<ReportItem>('/reports', body()),
    onSuccess: (r) => {
      notify({ title: 'Report generated', message: `${r.fileName}, masked for ${r.readerRole}`, color: 'green' });
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
  const schedule = useMutation({
    mutationFn: () => api.post('/reports/schedules', { ...body(), cron: cron.trim() }),
    onSuccess: () => {
      notify({ title: 'Schedule saved', message: cron, color: 'green' });
      setCron('');
      void queryClient.invalidateQueries({ queryKey: ['report-schedules'] });
    },
  });
  const kinds = reportKinds.filter((k) => k !== 'case_report' || canReadCases);
  return (
    <Stack gap="sm" data-testid="report-builder">
      <Title order={4}>New report</Title>
      <Group align="flex-end">
        <Select
          label="Kind"
          data={kinds.map((k) => ({ value: k, label: kindLabel(k) }))}
          value={kind}
          onChange={(v) => {
            const k = (v ?? 'reconciliation_summary') as ReportKind;
            setKind(k);
            setInputText(skeletonText(k));
          }}
          w={240}
          data-testid="report-kind"
        />
        <Select
          label="Format"
          data={[...reportFormats]}
          value={format}
          onChange={(v) => setFormat(v ?? 'pdf')}
          w={110}
          data-testid="report-format"
        />
        <TextInput
          label="Written for (role)"
          placeholder={user.role}
          value={audience}
          onChange={(e) => setAudience(e.currentTarget.value)}
          w={200}
        />
      </Group>
      {kind === 'case_report' ? (
        cases.data !== undefined && cases.data.items.length === 0 ? (
          <Text c="dimmed">There are no cases to report on yet.</Text>
        ) : (
          <Select
            label="Case"
            placeholder="Choose a case"
            data={(cases.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.title} (${c.stage})` }))}
            value={caseId}
            onChange={setCaseId}
            searchable
          />
        )
      ) : (
        <JsonInput
          label="Input figures (JSON; amounts in minor units)"
          value={inputText}
          onChange={setInputText}
          autosize
          minRows={8}
          maxRows={24}
          formatOnBlur
          validationError="Not valid JSON"
          data-testid="report-input"
          description={`Rows: ${inputRowHelp[kind]}`}
        />
      )}
      <Text size="xs" c="dimmed">
        The file is masked for your role ({user.role}) when it is rendered; readers whose role may see less cannot
        download it.
      </Text>
      <Group align="flex-end">
        <Button
          disabled={parsed === null}
          loading={generate.isPending}
          onClick={() => generate.mutate()}
          data-testid="report-generate"
        >
          Generate
        </Button>
        <TextInput
          label="Cron (UTC)"
          placeholder="0 6 * * 1"
          value={cron}
          onChange={(e) => setCron(e.currentTarget.value)}
          w={160}
        />
        <Button
          variant="default"
          disabled={parsed === null || cron.trim() === ''}
          loading={schedule.isPending}
          onClick={() => schedule.mutate()}
        >
          Schedule
        </Button>
      </Group>
      {generate.isError && <Alert color="red">The report was not generated; see the notification for the field.</Alert>}
    </Stack>
  );
}

// CSV upload form: pick a file with columns time,value, name the series, and see every rejected row.
import { Alert, Button, FileInput, Group, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { notifyError } from '../notifications.js';
import type { CsvUploadResult } from './forecasting-data.js';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Uploads a CSV to POST /metrics/:source/:metric/csv; `onUploaded` gets the series and the outcome to show. */
export function CsvUpload({
  onUploaded,
}: {
  onUploaded: (source: string, metric: string, result: CsvUploadResult) => void;
}) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('upload');
  const [metric, setMetric] = useState('');
  const upload = useMutation({
    mutationFn: async () => {
      if (file === null) throw new Error('choose a file first');
      const csv = await file.text();
      const path = `/metrics/${encodeURIComponent(source)}/${encodeURIComponent(metric)}/csv`;
      return api.post<CsvUploadResult>(path, { csv });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['forecasting'] });
      onUploaded(source, metric, result);
    },
    onError: (error) => notifyError(error, 'CSV upload failed'),
  });
  const namesValid = namePattern.test(source) && namePattern.test(metric);
  return (
    <Stack gap="xs" data-testid="forecast-upload">
      <Text size="sm">
        A CSV file whose first line is <code>time,value</code>; times in ISO 8601 (dates, or date-times with a zone) or
        epoch milliseconds. Bad rows are listed with their line; the other rows are stored. Uploading the same file
        again adds nothing.
      </Text>
      <Group align="end" wrap="wrap">
        <FileInput
          label="CSV file"
          placeholder="choose…"
          accept=".csv,text/csv,text/plain"
          value={file}
          onChange={(f) => {
            setFile(f);
            if (f !== null && metric === '')
              setMetric(f.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._:-]/g, '_'));
          }}
          data-testid="forecast-upload-file"
          w={240}
        />
        <TextInput label="Source" value={source} onChange={(e) => setSource(e.currentTarget.value)} w={160} />
        <TextInput
          label="Metric"
          value={metric}
          onChange={(e) => setMetric(e.currentTarget.value)}
          w={200}
          data-testid="forecast-upload-metric"
        />
        <Button
          onClick={() => upload.mutate()}
          loading={upload.isPending}
          disabled={file === null || !namesValid}
          data-testid="forecast-upload-submit"
        >
          Upload
        </Button>
      </Group>
      {!namesValid && metric !== '' && (
        <Text size="xs" c="red">
          Source and metric: letters, digits and . _ : - (up to 100 characters).
        </Text>
      )}
    </Stack>
  );
}

/** The outcome of an upload: counts, and every rejected row with its line, column and reason. */
export function UploadOutcome({
  series,
  result,
  onClose,
}: {
  series: string;
  result: CsvUploadResult;
  onClose: () => void;
}) {
  return (
    <Alert
      color={result.rejectedCount > 0 ? 'yellow' : 'green'}
      title={`${series}: ${result.dataRows} rows read`}
      withCloseButton
      onClose={onClose}
      mb="md"
      data-testid="forecast-upload-result"
    >
      <Text size="sm">
        {result.inserted} new, {result.updated} changed, {result.unchanged} already stored, {result.rejectedCount}{' '}
        rejected.
      </Text>
      {result.rejected.length > 0 && (
        <ScrollArea.Autosize mah={220} mt="xs">
          <Table withRowBorders={false} fz="xs" data-testid="forecast-upload-rejected">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Column</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rejected.map((r) => (
                <Table.Tr key={r.line}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>{r.field}</Table.Td>
                  <Table.Td>
                    {r.reason} <code>{r.code}</code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {result.rejectedCount > result.rejected.length && (
        <Text size="xs">…and {result.rejectedCount - result.rejected.length} more rejected rows.</Text>
      )}
    </Alert>
  );
}

// Alerts page: rules (list, create, edit, enable), events with acknowledgement, live updates from WebSocket `alerts`.
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.js';
import { notify, notifyError } from '../notifications.js';
import type { PageProps } from '../page-components.js';
import { useUser } from '../session.js';
import { formatTime } from './format.js';
import { PageHeader } from './page-header.js';

interface Rule {
  id: number;
  metric: string;
  condition: string;
  threshold: number;
  severity: string;
  enabled: boolean;
  cooldownSeconds: number;
  direction: string;
  windowMs: number | null;
  windowSize: number | null;
  webhookUrl: string | null;
  createdAt: string;
}

interface AlertEventView {
  id: number;
  ruleId: number;
  triggeredAt: string;
  value: number;
  acknowledged: boolean;
  acknowledgedBy: string | null;
  details: { metric?: string; message?: string; severity?: string; observed?: number | string };
}

interface RuleForm {
  metric: string;
  condition: string;
  threshold: string;
  severity: string;
  cooldownSeconds: string;
  direction: string;
  windowMs: string;
  windowSize: string;
  webhookUrl: string;
  enabled: boolean;
}

const emptyForm: RuleForm = {
  metric: 'economy.simulation.final_n',
  condition: '>',
  threshold: '100',
  severity: 'warning',
  cooldownSeconds: '0',
  direction: 'any',
  windowMs: '60000',
  windowSize: '20',
  webhookUrl: '',
  enabled: true,
};

const severityColor: Record<string, string> = { info: 'blue', warning: 'yellow', critical: 'red' };

function formOf(rule: Rule): RuleForm {
  return {
    metric: rule.metric,
    condition: rule.condition,
    threshold: String(rule.threshold),
    severity: rule.severity,
    cooldownSeconds: String(rule.cooldownSeconds),
    direction: rule.direction,
    windowMs: String(rule.windowMs ?? emptyForm.windowMs),
    windowSize: String(rule.windowSize ?? emptyForm.windowSize),
    webhookUrl: rule.webhookUrl ?? '',
    enabled: rule.enabled,
  };
}

/** The request body for a form; numbers the user mistyped become NaN and are caught before sending. */
function bodyOf(form: RuleForm): { body: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (field: string, text: string) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) errors[field] = 'must be a finite number';
    return value;
  };
  const body: Record<string, unknown> = {
    metric: form.metric.trim(),
    condition: form.condition,
    threshold: num('threshold', form.threshold),
    severity: form.severity,
    enabled: form.enabled,
    cooldownSeconds: num('cooldownSeconds', form.cooldownSeconds),
    direction: form.direction,
    webhookUrl: form.webhookUrl.trim() === '' ? null : form.webhookUrl.trim(),
  };
  if (form.condition === 'rate_of_change') body.windowMs = num('windowMs', form.windowMs);
  if (form.condition === 'zscore') body.windowSize = num('windowSize', form.windowSize);
  return { body, errors };
}

function bodyOfRule(rule: Rule, enabled: boolean): Record<string, unknown> {
  return bodyOf({ ...formOf(rule), enabled }).body;
}

/** The shared API client's in-memory access token, for the WebSocket handshake. */
function accessToken(): string | null {
  return api.getAccessToken();
}

/** What the server sends on channel `alerts`. */
interface AlertNotice {
  type: 'triggered' | 'acknowledged';
  event: AlertEventView;
}

/** Subscribes to channel `alerts` and calls `onNotice` for each event; reconnects after a drop. */
function useAlertsFeed(onNotice: (notice: AlertNotice) => void): boolean {
  const [live, setLive] = useState(false);
  useEffect(() => {
    let socket: WebSocket | null = null;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      // Any API call makes sure an access token exists (a reload keeps only the refresh token).
      await api.get('/me').catch(() => undefined);
      const token = accessToken();
      if (stopped || token === null) return;
      const scheme = globalThis.location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(`${scheme}://${globalThis.location.host}/ws`);
      socket.onopen = () => socket?.send(JSON.stringify({ op: 'auth', token }));
      socket.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { op?: string; channel?: string; data?: AlertNotice };
        if (data.op === 'authenticated') socket?.send(JSON.stringify({ op: 'subscribe', channel: 'alerts' }));
        if (data.op === 'subscribed') setLive(true);
        if (data.op === 'event' && data.channel === 'alerts' && data.data) onNotice(data.data);
      };
      socket.onclose = () => {
        setLive(false);
        if (!stopped) retry = setTimeout(() => void connect(), 5000);
      };
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [onNotice]);
  return live;
}

/** The alerts page. */
export function AlertsPage({ page }: PageProps) {
  const user = useUser();
  const canManage = user.permissions.includes('alerts:manage');
  const queryClient = useQueryClient();
  const [unacknowledgedOnly, setUnacknowledgedOnly] = useState(false);
  const rules = useQuery({
    queryKey: ['alerts', 'rules'],
    staleTime: 0,
    queryFn: ({ signal }) => api.get<{ items: Rule[] }>('/alerts/rules', { signal }),
  });
  const events = useQuery({
    queryKey: ['alerts', 'events', unacknowledgedOnly],
    staleTime: 0,
    queryFn: ({ signal }) =>
      api.get<{ items: AlertEventView[] }>(
        `/alerts/events?limit=100${unacknowledgedOnly ? '&unacknowledged=true' : ''}`,
        {
          signal,
        },
      ),
  });
  const [refresh] = useState(() => () => void queryClient.invalidateQueries({ queryKey: ['alerts', 'events'] }));
  const [onNotice] = useState(() => (notice: AlertNotice) => {
    refresh();
    if (notice.type !== 'triggered') return;
    const severity = notice.event.details.severity ?? 'info';
    notify({
      title: `Alert (${severity})`,
      message: notice.event.details.message ?? `rule ${notice.event.ruleId} fired`,
      color: severity === 'critical' ? 'red' : severity === 'warning' ? 'yellow' : 'blue',
    });
  });
  const live = useAlertsFeed(onNotice);

  const toggle = useMutation({
    meta: { silent: true },
    mutationFn: (input: { rule: Rule; enabled: boolean }) =>
      api.put(`/alerts/rules/${input.rule.id}`, bodyOfRule(input.rule, input.enabled)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
    onError: (error) => notifyError(error, 'Could not change the rule'),
  });
  const remove = useMutation({
    meta: { silent: true },
    mutationFn: (id: number) => api.delete(`/alerts/rules/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts'] }),
    onError: (error) => notifyError(error, 'Could not delete the rule'),
  });
  const acknowledge = useMutation({
    meta: { silent: true },
    mutationFn: (id: number) => api.post(`/alerts/events/${id}/acknowledge`),
    onSuccess: refresh,
    onError: (error) => notifyError(error, 'Could not acknowledge'),
  });
  const [editing, setEditing] = useState<Rule | null>(null);
  const ruleById = new Map((rules.data?.items ?? []).map((r) => [r.id, r]));

  return (
    <>
      <PageHeader page={page} />
      {canManage && <RuleEditor key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />}
      <Title order={4} mt="lg" mb="sm">
        Rules
      </Title>
      {rules.isPending ? (
        <Loader size="sm" />
      ) : rules.isError ? (
        <Alert color="red">Could not load the rules.</Alert>
      ) : rules.data.items.length === 0 ? (
        <Text c="dimmed">No alert rules yet.</Text>
      ) : (
        <Table data-testid="alert-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Metric</Table.Th>
              <Table.Th>Condition</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Cool-down</Table.Th>
              <Table.Th>Webhook</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td ff="monospace">{r.metric}</Table.Td>
                <Table.Td>
                  {r.condition} {r.threshold}
                  {r.direction !== 'any' ? ` (${r.direction})` : ''}
                  {r.windowMs !== null ? `, window ${r.windowMs} ms` : ''}
                  {r.windowSize !== null ? `, window ${r.windowSize} samples` : ''}
                </Table.Td>
                <Table.Td>
                  <Badge color={severityColor[r.severity] ?? 'gray'}>{r.severity}</Badge>
                </Table.Td>
                <Table.Td>{r.cooldownSeconds} s</Table.Td>
                <Table.Td>{r.webhookUrl ?? '—'}</Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`enable rule ${r.id}`}
                    checked={r.enabled}
                    disabled={!canManage}
                    onChange={(e) => toggle.mutate({ rule: r, enabled: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  {canManage && (
                    <Group gap="xs" justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => setEditing(r)}>
                        Edit
                      </Button>
                      <Button size="xs" color="red" variant="light" onClick={() => remove.mutate(r.id)}>
                        Delete
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between" mt="lg" mb="sm">
        <Group gap="sm">
          <Title order={4}>Events</Title>
          <Badge color={live ? 'green' : 'gray'} variant="light" data-testid="alerts-live">
            {live ? 'live' : 'not live'}
          </Badge>
        </Group>
        <Switch
          label="Unacknowledged only"
          checked={unacknowledgedOnly}
          onChange={(e) => setUnacknowledgedOnly(e.currentTarget.checked)}
        />
      </Group>
      {events.isPending ? (
        <Loader size="sm" />
      ) : events.isError ? (
        <Alert color="red">Could not load the events.</Alert>
      ) : events.data.items.length === 0 ? (
        <Text c="dimmed">{unacknowledgedOnly ? 'No unacknowledged events.' : 'No alert has fired yet.'}</Text>
      ) : (
        <Table data-testid="alert-events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.triggeredAt)}</Table.Td>
                <Table.Td>
                  <Badge color={severityColor[e.details.severity ?? ''] ?? 'gray'} variant="light">
                    {e.details.severity ?? '?'}
                  </Badge>{' '}
                  {ruleById.get(e.ruleId)?.metric ?? e.details.metric ?? `rule ${e.ruleId}`}
                </Table.Td>
                <Table.Td ff="monospace">{e.value}</Table.Td>
                <Table.Td>{e.details.message ?? '—'}</Table.Td>
                <Table.Td>
                  {e.acknowledged ? (
                    <Badge color="gray" variant="outline">
                      acknowledged
                    </Badge>
                  ) : (
                    <Button size="xs" variant="light" disabled={!canManage} onClick={() => acknowledge.mutate(e.id)}>
                      Acknowledge
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

function RuleEditor({ editing, onDone }: { editing: Rule | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RuleForm>(editing ? formOf(editing) : emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const save = useMutation({
    meta: { silent: true },
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? api.put<{ webhookSecret?: string }>(`/alerts/rules/${editing.id}`, body)
        : api.post<{ webhookSecret?: string }>('/alerts/rules', body),
    onSuccess: (result) => {
      setErrors({});
      setSecret(result.webhookSecret ?? null);
      notify({ title: editing ? 'Rule updated' : 'Rule created', message: `metric ${form.metric}`, color: 'green' });
      void queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] });
      if (!result.webhookSecret) {
        setForm(emptyForm);
        onDone();
      }
    },
    onError: (error) => {
      const fields: Record<string, string> = {};
      if (error instanceof ApiError)
        for (const e of error.problem.errors ?? []) if (e.field) fields[e.field] ??= e.message ?? e.code ?? '';
      setErrors(fields);
      if (Object.keys(fields).length === 0) notifyError(error, 'Could not save the rule');
    },
  });
  const submit = () => {
    const built = bodyOf(form);
    setErrors(built.errors);
    if (Object.keys(built.errors).length === 0) save.mutate(built.body);
  };
  const text = (field: keyof RuleForm, label: string) => (
    <TextInput
      label={label}
      value={String(form[field])}
      error={errors[field]}
      onChange={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
    />
  );
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {editing ? `Edit rule #${editing.id}` : 'New rule'}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A metric published as source <Code>economy</Code>, metric <Code>simulation.final_n</Code> matches a rule on{' '}
        <Code>economy.simulation.final_n</Code> (that source only) or <Code>simulation.final_n</Code> (any source).
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {text('metric', 'Metric')}
        <Select
          label="Condition"
          data={['>', '<', 'crosses', 'rate_of_change', 'zscore']}
          value={form.condition}
          error={errors.condition}
          onChange={(v) => setForm({ ...form, condition: v ?? '>' })}
        />
        {text('threshold', 'Threshold')}
        <Select
          label="Severity"
          data={['info', 'warning', 'critical']}
          value={form.severity}
          error={errors.severity}
          onChange={(v) => setForm({ ...form, severity: v ?? 'warning' })}
        />
        {text('cooldownSeconds', 'Cool-down (s)')}
        <Select
          label="Direction"
          data={['any', 'up', 'down']}
          value={form.direction}
          error={errors.direction}
          onChange={(v) => setForm({ ...form, direction: v ?? 'any' })}
        />
        {form.condition === 'rate_of_change' && text('windowMs', 'Window (ms)')}
        {form.condition === 'zscore' && text('windowSize', 'Window (samples)')}
        {text('webhookUrl', 'Webhook URL (optional)')}
      </SimpleGrid>
      <Group mt="md">
        <Switch
          label="Enabled"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })}
        />
        <Button onClick={submit} loading={save.isPending}>
          {editing ? 'Save rule' : 'Create rule'}
        </Button>
        {editing && (
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        )}
      </Group>
      {secret && (
        <Alert color="yellow" mt="md" title="Webhook signing secret (shown once)">
          <Text size="sm">
            Verify the <Code>x-nexus-signature</Code> header (t=…,v1=HMAC-SHA256 of "t.body") with:
          </Text>
          <Code block data-testid="webhook-secret">
            {secret}
          </Code>
          <Button
            size="xs"
            mt="xs"
            variant="default"
            onClick={() => {
              setSecret(null);
              setForm(emptyForm);
              onDone();
            }}
          >
            I have stored it
          </Button>
        </Alert>
      )}
    </Card>
  );
}

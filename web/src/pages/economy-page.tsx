// Economy page: parameter form with field errors, run (optionally Monte Carlo), charts, saved configs, run comparison.
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../api.js';
import { notifyError } from '../notifications.js';
import type { PageProps } from '../page-components.js';
import { useUser } from '../session.js';
import { LineChart } from './economy-chart.js';
import { formatTime } from './format.js';
import { PageHeader } from './page-header.js';

type Values = (number | null)[];

interface Metrics {
  finalN: number | null;
  minN: number | null;
  maxN: number | null;
  meanN: number | null;
  reference: number | null;
  settlingTime: number | null;
  overshootPct: number | null;
  conservationViolationMax: number | null;
  finite: boolean;
  monteCarloPaths: number | null;
}

interface RunView {
  id: number;
  configId: number | null;
  createdAt: string;
  parameters: Record<string, unknown>;
  metrics: Metrics;
  steps: number;
  storedPoints: number;
  resolution: number;
  series: Record<string, Values>;
  bands: { paths: number; t: Values; p05: Values; p50: Values; p95: Values; mean: Values } | null;
}

interface RunSummary {
  id: number;
  createdAt: string;
  steps: number;
  integrator: string;
  monteCarloPaths: number | null;
  metrics: Metrics;
}

interface ConfigView {
  id: number;
  name: string;
  parameters: Record<string, unknown>;
  createdAt: string;
}

/** Points per series requested for charts. */
const chartResolution = 500;

const numberFields = ['alpha', 'beta', 'gamma', 'delta', 'n0', 'dt', 'steps'] as const;
const pidFields = ['kp', 'ki', 'kd', 'setpoint', 'outMin', 'outMax'] as const;
const signalNames = ['C', 'D', 'E'] as const;

interface FormState {
  numbers: Record<(typeof numberFields)[number], string>;
  integrator: string;
  pidOn: boolean;
  pid: Record<(typeof pidFields)[number], string>;
  antiWindup: string;
  signals: Record<(typeof signalNames)[number], string>;
  paths: string;
}

const initialForm: FormState = {
  numbers: { alpha: '1', beta: '0.5', gamma: '0', delta: '0.2', n0: '10', dt: '0.01', steps: '2000' },
  integrator: 'rk4',
  pidOn: true,
  pid: { kp: '1', ki: '0.2', kd: '0', setpoint: '50', outMin: '-100', outMax: '100' },
  antiWindup: 'clamp',
  signals: {
    C: JSON.stringify({ type: 'sine', amplitude: 1, periodT: 5, phase: 0, offset: 1 }),
    D: JSON.stringify({ type: 'random_walk', seed: 7, sigma: 0.3, start: 0 }),
    E: JSON.stringify({ type: 'constant', value: 0 }),
  },
  paths: '0',
};

/** Builds the request parameters and the client-side field errors (keys as the API names them). */
function buildParameters(form: FormState): { parameters: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (field: string, text: string) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) errors[`parameters.${field}`] = 'must be a finite number';
    return value;
  };
  const parameters: Record<string, unknown> = { integrator: form.integrator };
  for (const f of numberFields) parameters[f] = num(f, form.numbers[f]);
  if (!((parameters.dt as number) > 0)) errors['parameters.dt'] ??= 'must be greater than 0';
  if (!Number.isInteger(parameters.steps) || (parameters.steps as number) < 1)
    errors['parameters.steps'] ??= 'must be a whole number ≥ 1';
  if (form.pidOn) {
    const pid: Record<string, unknown> = { antiWindup: form.antiWindup };
    for (const f of pidFields) pid[f] = num(`pid.${f}`, form.pid[f]);
    parameters.pid = pid;
  }
  const signals: Record<string, unknown> = {};
  for (const name of signalNames) {
    try {
      signals[name] = JSON.parse(form.signals[name]);
    } catch {
      errors[`parameters.signals.${name}`] = 'not valid JSON';
    }
  }
  parameters.signals = signals;
  return { parameters, errors };
}

/** Turns saved parameters back into form text. */
function formFrom(parameters: Record<string, unknown>): FormState {
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const pid = (parameters.pid ?? null) as Record<string, unknown> | null;
  const signals = (parameters.signals ?? {}) as Record<string, unknown>;
  return {
    numbers: Object.fromEntries(numberFields.map((f) => [f, text(parameters[f])])) as FormState['numbers'],
    integrator: text(parameters.integrator) || 'euler',
    pidOn: pid !== null,
    pid: Object.fromEntries(pidFields.map((f) => [f, text(pid?.[f] ?? initialForm.pid[f])])) as FormState['pid'],
    antiWindup: text(pid?.antiWindup) || 'clamp',
    signals: Object.fromEntries(
      signalNames.map((n) => [n, JSON.stringify(signals[n] ?? { type: 'constant', value: 0 })]),
    ) as FormState['signals'],
    paths: '0',
  };
}

/** Field errors from a problem+json body, keyed by field; a field's first message wins. */
function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError)
    for (const e of error.problem.errors ?? []) if (e.field && !out[e.field]) out[e.field] = e.message ?? e.code ?? '';
  return out;
}

/** The first error whose field is `key` or lies inside it (signals.C covers signals.C.terms[0].sigma). */
function errorFor(errors: Record<string, string>, key: string): string | undefined {
  for (const [field, message] of Object.entries(errors))
    if (field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}:`)) return message;
  return undefined;
}

/** The economy page. */
export function EconomyPage({ page }: PageProps) {
  const user = useUser();
  const canRun = user.permissions.includes('simulation:run');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FormState>(initialForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [run, setRun] = useState<RunView | null>(null);
  const [configName, setConfigName] = useState('');

  const runs = useQuery({
    queryKey: ['economy', 'runs'],
    staleTime: 0,
    queryFn: ({ signal }) => api.get<{ items: RunSummary[] }>('/simulations?limit=50', { signal }),
  });
  const configs = useQuery({
    queryKey: ['economy', 'configs'],
    queryFn: ({ signal }) => api.get<{ items: ConfigView[] }>('/simulation-configs', { signal }),
  });

  const start = useMutation({
    meta: { silent: true },
    mutationFn: (body: unknown) => api.post<RunView>(`/simulations?resolution=${chartResolution}`, body),
    onSuccess: (view) => {
      setRun(view);
      setErrors({});
      void queryClient.invalidateQueries({ queryKey: ['economy', 'runs'] });
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) notifyError(error, 'Simulation failed');
    },
  });
  const save = useMutation({
    meta: { silent: true },
    mutationFn: (body: unknown) => api.post<ConfigView>('/simulation-configs', body),
    onSuccess: () => {
      setConfigName('');
      void queryClient.invalidateQueries({ queryKey: ['economy', 'configs'] });
    },
    onError: (error) => {
      setErrors(fieldErrors(error));
      notifyError(error, 'Could not save the configuration');
    },
  });
  const removeConfig = useMutation({
    meta: { silent: true },
    mutationFn: (id: number) => api.delete(`/simulation-configs/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['economy', 'configs'] }),
    onError: (error) => notifyError(error, 'Could not delete the configuration'),
  });

  const submit = () => {
    const built = buildParameters(form);
    const paths = Number(form.paths);
    if (form.paths.trim() !== '' && !(Number.isInteger(paths) && paths >= 0))
      built.errors['monteCarlo.paths'] = 'must be a whole number ≥ 0';
    setErrors(built.errors);
    if (Object.keys(built.errors).length > 0) return;
    start.mutate({ parameters: built.parameters, ...(paths > 0 ? { monteCarlo: { paths } } : {}) });
  };
  const saveConfig = () => {
    const built = buildParameters(form);
    setErrors(built.errors);
    if (Object.keys(built.errors).length === 0) save.mutate({ name: configName.trim(), parameters: built.parameters });
  };

  const unplaced = Object.entries(errors).filter(
    ([field]) =>
      !numberFields.some((f) => field === `parameters.${f}`) &&
      !pidFields.some((f) => field === `parameters.pid.${f}`) &&
      !signalNames.some((n) => field.startsWith(`parameters.signals.${n}`)) &&
      field !== 'monteCarlo.paths',
  );

  return (
    <>
      <PageHeader page={page} />
      <Card withBorder mb="lg">
        <Title order={4} mb="xs">
          Parameters
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          dN/dt = α·C(t) + β·D(t) + γ·E(t) − δ·N + u(t). Through the API a run takes at most 200,000 steps; use{' '}
          <code>nexus simulate</code> for longer ones.
        </Text>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {numberFields.map((f) => (
            <TextInput
              key={f}
              label={f}
              value={form.numbers[f]}
              error={errors[`parameters.${f}`]}
              onChange={(e) => setForm({ ...form, numbers: { ...form.numbers, [f]: e.currentTarget.value } })}
            />
          ))}
          <Select
            label="integrator"
            data={['euler', 'rk4']}
            value={form.integrator}
            error={errors['parameters.integrator']}
            onChange={(v) => setForm({ ...form, integrator: v ?? 'euler' })}
          />
        </SimpleGrid>
        <Switch
          mt="md"
          label="PID controller on N"
          checked={form.pidOn}
          onChange={(e) => setForm({ ...form, pidOn: e.currentTarget.checked })}
        />
        {form.pidOn && (
          <SimpleGrid cols={{ base: 2, md: 4 }} mt="xs">
            {pidFields.map((f) => (
              <TextInput
                key={f}
                label={`pid.${f}`}
                value={form.pid[f]}
                error={errors[`parameters.pid.${f}`]}
                onChange={(e) => setForm({ ...form, pid: { ...form.pid, [f]: e.currentTarget.value } })}
              />
            ))}
            <Select
              label="pid.antiWindup"
              data={['clamp', 'back-calculation']}
              value={form.antiWindup}
              onChange={(v) => setForm({ ...form, antiWindup: v ?? 'clamp' })}
            />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, md: 3 }} mt="md">
          {signalNames.map((n) => (
            <Textarea
              key={n}
              label={`signal ${n} (JSON)`}
              autosize
              minRows={2}
              ff="monospace"
              value={form.signals[n]}
              error={errorFor(errors, `parameters.signals.${n}`)}
              onChange={(e) => setForm({ ...form, signals: { ...form.signals, [n]: e.currentTarget.value } })}
            />
          ))}
        </SimpleGrid>
        <Group mt="md" align="flex-end">
          <TextInput
            label="Monte Carlo paths (0 = single run)"
            w={220}
            value={form.paths}
            error={errors['monteCarlo.paths']}
            onChange={(e) => setForm({ ...form, paths: e.currentTarget.value })}
          />
          <Button onClick={submit} loading={start.isPending} disabled={!canRun} data-testid="economy-run">
            Run simulation
          </Button>
          <TextInput
            label="Save as"
            placeholder="configuration name"
            value={configName}
            error={errors.name}
            onChange={(e) => setConfigName(e.currentTarget.value)}
          />
          <Button
            variant="default"
            onClick={saveConfig}
            disabled={!canRun || configName.trim() === ''}
            loading={save.isPending}
          >
            Save configuration
          </Button>
        </Group>
        {!canRun && (
          <Text size="sm" c="dimmed" mt="xs">
            Your role may read simulations but not run or save them.
          </Text>
        )}
        {unplaced.length > 0 && (
          <Alert color="red" mt="md" title="The server refused these parameters">
            {unplaced.map(([field, message]) => (
              <Text key={field} size="sm">
                {field || 'parameters'}: {message}
              </Text>
            ))}
          </Alert>
        )}
      </Card>

      {run && <RunResult run={run} />}

      <SimpleGrid cols={{ base: 1, md: 2 }} mt="lg">
        <Card withBorder>
          <Title order={4} mb="sm">
            Saved configurations
          </Title>
          {configs.isPending ? (
            <Loader size="sm" />
          ) : configs.isError ? (
            <Alert color="red">Could not load saved configurations.</Alert>
          ) : configs.data.items.length === 0 ? (
            <Text c="dimmed">No saved configurations yet.</Text>
          ) : (
            <Table>
              <Table.Tbody>
                {configs.data.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{formatTime(c.createdAt)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end">
                        <Button size="xs" variant="default" onClick={() => setForm(formFrom(c.parameters))}>
                          Load
                        </Button>
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          disabled={!canRun}
                          onClick={() => removeConfig.mutate(c.id)}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <RunComparison runs={runs.data?.items} loading={runs.isPending} failed={runs.isError} onOpen={setRun} />
      </SimpleGrid>
    </>
  );
}

function figure(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined) return '—';
  return Math.abs(value) !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)
    ? value.toExponential(3)
    : value.toPrecision(digits);
}

function RunResult({ run }: { run: RunView }) {
  const s = run.series;
  const m = run.metrics;
  const t = s.t ?? [];
  return (
    <Card withBorder data-testid="economy-result">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Run #{run.id}</Title>
        <Group gap="xs">
          {!m.finite && <Badge color="red">diverged</Badge>}
          {run.bands && <Badge variant="light">Monte Carlo, {run.bands.paths} paths</Badge>}
          <Badge variant="outline">
            {run.steps} steps, {run.storedPoints} stored points, {run.resolution} shown
          </Badge>
        </Group>
      </Group>
      <Text fw={600} size="sm">
        N(t)
      </Text>
      <LineChart
        label="N over time"
        lines={[
          { name: 'N (path 0)', color: '#1c7ed6', x: t, y: s.N ?? [] },
          ...(run.bands ? [{ name: 'median', color: '#e8590c', x: run.bands.t, y: run.bands.p50, dashed: true }] : []),
        ]}
        band={
          run.bands
            ? { name: '5–95 %', color: '#e8590c', x: run.bands.t, low: run.bands.p05, high: run.bands.p95 }
            : undefined
        }
      />
      <Text fw={600} size="sm" mt="md">
        Inputs and control
      </Text>
      <LineChart
        label="inputs over time"
        lines={[
          { name: 'C', color: '#2f9e44', x: t, y: s.C ?? [] },
          { name: 'D', color: '#ae3ec9', x: t, y: s.D ?? [] },
          { name: 'E', color: '#f08c00', x: t, y: s.E ?? [] },
          { name: 'u (PID)', color: '#868e96', x: t, y: s.u ?? [], dashed: true },
        ]}
      />
      <SimpleGrid cols={{ base: 2, md: 4 }} mt="md">
        <Metric label="final N" value={figure(m.finalN)} />
        <Metric label="min / max N" value={`${figure(m.minN, 4)} / ${figure(m.maxN, 4)}`} />
        <Metric label="mean N" value={figure(m.meanN)} />
        <Metric label="settling time" value={figure(m.settlingTime, 4)} />
        <Metric label="overshoot %" value={figure(m.overshootPct, 4)} />
        <Metric
          label="conservation max |N − (N0 + I − B)|"
          value={figure(m.conservationViolationMax, 3)}
          testId="economy-conservation"
        />
      </SimpleGrid>
    </Card>
  );
}

function Metric({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text ff="monospace" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

function RunComparison({
  runs,
  loading,
  failed,
  onOpen,
}: {
  runs: RunSummary[] | undefined;
  loading: boolean;
  failed: boolean;
  onOpen: (run: RunView) => void;
}) {
  const [picked, setPicked] = useState<number[]>([]);
  const pair = picked.length === 2 ? (picked as [number, number]) : null;
  const compared = useQuery({
    queryKey: ['economy', 'compare', pair],
    enabled: pair !== null,
    queryFn: ({ signal }) =>
      Promise.all(
        (pair ?? []).map((id) => api.get<RunView>(`/simulations/${id}?resolution=${chartResolution}`, { signal })),
      ),
  });
  const toggle = (id: number) =>
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id].slice(-2)));
  const open = async (id: number) => {
    try {
      onOpen(await api.get<RunView>(`/simulations/${id}?resolution=${chartResolution}`));
    } catch (error) {
      notifyError(error, 'Could not open the run');
    }
  };
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Runs (pick two to compare)
      </Title>
      {loading ? (
        <Loader size="sm" />
      ) : failed ? (
        <Alert color="red">Could not load runs.</Alert>
      ) : !runs || runs.length === 0 ? (
        <Text c="dimmed">No runs yet.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {runs.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Checkbox
                    aria-label={`compare run ${r.id}`}
                    checked={picked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </Table.Td>
                <Table.Td>#{r.id}</Table.Td>
                <Table.Td>{formatTime(r.createdAt)}</Table.Td>
                <Table.Td>
                  {r.steps} {r.integrator}
                  {r.monteCarloPaths ? `, ${r.monteCarloPaths} paths` : ''}
                </Table.Td>
                <Table.Td ff="monospace">N = {figure(r.metrics.finalN, 5)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" onClick={() => void open(r.id)}>
                    Open
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pair && compared.isPending && <Loader size="sm" mt="sm" />}
      {pair && compared.data && (
        <LineChart
          label="N of two runs"
          lines={compared.data.map((r, i) => ({
            name: `run #${r.id}`,
            color: i === 0 ? '#1c7ed6' : '#e03131',
            x: r.series.t ?? [],
            y: r.series.N ?? [],
            dashed: i === 1,
          }))}
        />
      )}
    </Card>
  );
}

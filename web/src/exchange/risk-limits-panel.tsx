// Exchange administrators' per-account risk limits: pick an account, see the limits it has of its own (and the
// defaults that apply where it has none), change them or clear them. GET/PUT/DELETE /exchange/risk-limits/:userId.
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api.js';
import { notify } from '../notifications.js';
import { useAdminUsers } from '../pages/admin-users.js';
import { Panel } from './panel.js';
import {
  bodyOf,
  draftOf,
  type RiskLimitField,
  type RiskLimitsDraft,
  type RiskLimitsView,
  riskLimitFields,
} from './risk-limits-form.js';

const limitsKey = (userId: string) => ['exchange', 'risk-limits', userId] as const;

const labels: Record<RiskLimitField, string> = {
  orderQuantityMax: 'Largest order quantity',
  orderNotionalMax: 'Largest order notional',
  positionMax: 'Largest position',
  openOrdersMax: 'Open orders at most',
  ordersPerWindowMax: 'Orders per rate window',
};

/** What applies to a field the account leaves empty. */
function defaultText(field: RiskLimitField, defaults: RiskLimitsView['defaults']): string {
  if (field === 'openOrdersMax') return `default ${defaults.openOrdersMax}`;
  if (field === 'ordersPerWindowMax') return `default ${defaults.ordersPerWindowMax} per ${defaults.rateWindowMs} ms`;
  return field === 'orderQuantityMax' ? "no limit (the symbol's maximum)" : 'no limit';
}

/** The panel; with `canListUsers` (users:manage) accounts are picked by name, otherwise by user id. */
export function RiskLimitsPanel({ canListUsers }: { canListUsers: boolean }) {
  const users = useAdminUsers(canListUsers);
  const [userId, setUserId] = useState<string | null>(null);
  const [typedId, setTypedId] = useState('');
  const chosen = canListUsers ? userId : typedId.trim() === '' ? null : typedId.trim();
  return (
    <Panel title="Risk limits" testId="risk-limits">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Pre-trade limits of one account; quantities are in each symbol's base asset, notional in its quote asset. An
          empty field has no limit of the account's own.
        </Text>
        {canListUsers ? (
          <Select
            label="Account"
            placeholder="user"
            searchable
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.username }))}
            value={userId}
            onChange={setUserId}
            data-testid="risk-limits-user"
          />
        ) : (
          <TextInput
            label="Account (user id)"
            value={typedId}
            onChange={(event) => setTypedId(event.currentTarget.value)}
            data-testid="risk-limits-user-id"
          />
        )}
        {chosen !== null && <AccountLimits key={chosen} userId={chosen} />}
      </Stack>
    </Panel>
  );
}

function AccountLimits({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const view = useQuery({
    queryKey: limitsKey(userId),
    queryFn: ({ signal }) => api.get<RiskLimitsView>(`/exchange/risk-limits/${encodeURIComponent(userId)}`, { signal }),
    meta: { silent: true },
  });
  const [draft, setDraft] = useState<RiskLimitsDraft>(() => draftOf(null));
  const [errors, setErrors] = useState<Partial<Record<RiskLimitField, string>>>({});
  const [banner, setBanner] = useState<string | null>(null);
  useEffect(() => {
    if (view.data) setDraft(draftOf(view.data.limits));
  }, [view.data]);
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof bodyOf> & { ok: true }) =>
      body.body === null
        ? api.delete<RiskLimitsView>(`/exchange/risk-limits/${encodeURIComponent(userId)}`)
        : api.put<RiskLimitsView>(`/exchange/risk-limits/${encodeURIComponent(userId)}`, body.body),
    meta: { silent: true },
    onSuccess: (result) => {
      queryClient.setQueryData(limitsKey(userId), result);
      notify({
        title: result.limits === null ? 'Risk limits cleared' : 'Risk limits saved',
        message: 'They apply to the next order.',
        color: 'green',
      });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return setBanner(String(error));
      const fields: Partial<Record<RiskLimitField, string>> = {};
      for (const item of error.problem.errors ?? []) {
        const field = item.field as RiskLimitField;
        if (riskLimitFields.includes(field)) fields[field] = item.message ?? item.code;
      }
      setErrors(fields);
      setBanner(error.problem.detail ?? error.code);
    },
  });

  if (view.isPending) return <Text size="sm">Loading…</Text>;
  if (view.isError) {
    const text = view.error instanceof ApiError ? (view.error.problem.detail ?? view.error.code) : 'unreadable';
    return <Alert color="red">Could not read this account's limits: {text}</Alert>;
  }
  const bySymbol = view.data.limits?.positionMaxBySymbol;

  function submit(event: FormEvent) {
    event.preventDefault();
    setBanner(null);
    const body = bodyOf(draft, bySymbol);
    if (!body.ok) return setErrors(body.errors);
    setErrors({});
    save.mutate(body);
  }

  return (
    <form onSubmit={submit} aria-label="Risk limits" noValidate>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {riskLimitFields.map((field) => (
            <TextInput
              key={field}
              label={labels[field]}
              placeholder={defaultText(field, view.data.defaults)}
              inputMode={field === 'openOrdersMax' || field === 'ordersPerWindowMax' ? 'numeric' : 'decimal'}
              autoComplete="off"
              value={draft[field]}
              error={errors[field]}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setDraft((current) => ({ ...current, [field]: value }));
                setErrors((current) => ({ ...current, [field]: undefined }));
              }}
              data-testid={`risk-limit-${field}`}
            />
          ))}
        </SimpleGrid>
        {bySymbol !== undefined && Object.keys(bySymbol).length > 0 && (
          <Text size="sm" data-testid="risk-limits-by-symbol">
            Position limits by symbol (kept; set through the API):{' '}
            {Object.entries(bySymbol)
              .map(([symbol, max]) => `${symbol} ${max}`)
              .join(', ')}
          </Text>
        )}
        {banner !== null && (
          <Alert color="red" p="xs" data-testid="risk-limits-error">
            {banner}
          </Alert>
        )}
        <Group>
          <Button type="submit" size="xs" loading={save.isPending} data-testid="risk-limits-save">
            Save
          </Button>
          <Button
            size="xs"
            variant="light"
            disabled={view.data.limits === null}
            onClick={() => {
              setDraft(draftOf(null));
              setErrors({});
              save.mutate({ ok: true, body: null });
            }}
            data-testid="risk-limits-clear"
          >
            Clear (use the defaults)
          </Button>
          <Text size="xs" c="dimmed" data-testid="risk-limits-state">
            {view.data.limits === null ? 'This account has no limits of its own.' : 'This account has its own limits.'}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}

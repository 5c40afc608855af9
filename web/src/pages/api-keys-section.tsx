// API keys: create a scoped, expiring key (its secret shown once), list keys and revoke them.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Loader,
  NumberInput,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import type { ApiKeyItem, CreatedApiKey, ItemList, PermissionsInfo } from '../api-types.js';
import { notify } from '../notifications.js';
import { useUser } from '../session.js';
import { formatTime } from './format.js';

const keysKey = ['api-keys'] as const;
/** Expiry offered by default and the longest the form allows; the server applies its own ceiling too. */
export const apiKeyExpiryDaysDefault = 90;
export const apiKeyExpiryDaysMax = 365;

/** The API-key part of the settings page. */
export function ApiKeysSection() {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <Stack gap="sm">
      <Title order={4}>API keys</Title>
      <Text size="sm" c="dimmed">
        Keys let scripts call the API as you, limited to the scopes you pick. A key never has more permissions than your
        role.
      </Text>
      {created !== null && <NewKey created={created} onDone={() => setCreated(null)} />}
      <CreateKeyForm onCreated={setCreated} />
      <KeyTable />
    </Stack>
  );
}

// Scopes come from the server's permission list; those outside the user's own permissions cannot be granted.
function useScopeChoices(): Array<{ scope: string; held: boolean }> {
  const user = useUser();
  const info = useQuery({
    queryKey: ['permissions'],
    queryFn: ({ signal }) => api.get<PermissionsInfo>('/permissions', { signal }),
    meta: { silent: true },
  });
  const all = info.data?.permissions ?? user.permissions;
  const holdsAll = user.permissions.includes('*');
  return all.map((scope) => ({ scope, held: holdsAll || user.permissions.includes(scope) }));
}

function CreateKeyForm({ onCreated }: { onCreated(created: CreatedApiKey): void }) {
  const queryClient = useQueryClient();
  const choices = useScopeChoices();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState<number | string>(apiKeyExpiryDaysDefault);
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresInDays: number }) =>
      api.post<CreatedApiKey>('/api-keys', body),
    onSuccess: (result) => {
      onCreated(result);
      setName('');
      setScopes([]);
      void queryClient.invalidateQueries({ queryKey: keysKey });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes, expiresInDays: Number(days) });
  }

  return (
    <Stack gap="sm" component="form" onSubmit={submit} aria-label="Create API key">
      <Group align="flex-end">
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          data-testid="api-key-name"
        />
        <NumberInput
          label="Expires in (days)"
          required
          min={1}
          max={apiKeyExpiryDaysMax}
          allowDecimal={false}
          value={days}
          onChange={setDays}
          w={160}
          data-testid="api-key-days"
        />
      </Group>
      <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes} data-testid="api-key-scopes">
        {choices.length === 0 ? (
          <Text size="sm" c="dimmed">
            No scopes available.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" mt="xs">
            {choices.map((choice) => (
              <Checkbox
                key={choice.scope}
                value={choice.scope}
                label={choice.scope}
                disabled={!choice.held}
                title={choice.held ? undefined : 'Your role does not hold this permission'}
              />
            ))}
          </SimpleGrid>
        )}
      </Checkbox.Group>
      <Group>
        <Button type="submit" loading={create.isPending} disabled={scopes.length === 0} data-testid="api-key-create">
          Create key
        </Button>
      </Group>
    </Stack>
  );
}

function NewKey({ created, onDone }: { created: CreatedApiKey; onDone(): void }) {
  return (
    <Alert color="yellow" title={`Key "${created.item.name}" created: copy it now`} data-testid="api-key-secret">
      <Text size="sm" mb="xs">
        This is the only time the full key is shown. Store it in a secret manager.
      </Text>
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {created.key}
      </Code>
      <Group mt="xs">
        <CopyButton value={created.key}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" onClick={onDone}>
          I have stored it
        </Button>
      </Group>
    </Alert>
  );
}

function keyStatus(item: ApiKeyItem): { label: string; color: string } {
  if (item.revokedAt !== null) return { label: 'revoked', color: 'gray' };
  if (item.expiresAt !== null && new Date(item.expiresAt).getTime() <= Date.now()) {
    return { label: 'expired', color: 'gray' };
  }
  return { label: 'active', color: 'green' };
}

function KeyTable() {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: keysKey,
    queryFn: ({ signal }) => api.get<ItemList<ApiKeyItem>>('/api-keys', { signal }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => {
      notify({ title: 'Key revoked', message: 'Calls with it are refused from now on.', color: 'green' });
      void queryClient.invalidateQueries({ queryKey: keysKey });
    },
  });

  if (keys.isPending) return <Loader size="sm" />;
  if (keys.isError) return <Alert color="red">Could not load your API keys.</Alert>;
  if (keys.data.items.length === 0) return <Text c="dimmed">You have no API keys.</Text>;
  return (
    <ScrollArea>
      <Table data-testid="api-keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.data.items.map((item) => {
            const status = keyStatus(item);
            return (
              <Table.Tr key={item.id}>
                <Table.Td>{item.name}</Table.Td>
                <Table.Td ff="monospace">{item.prefix}</Table.Td>
                <Table.Td>{item.scopes.join(', ')}</Table.Td>
                <Table.Td>
                  <Badge color={status.color} variant="light">
                    {status.label}
                  </Badge>
                </Table.Td>
                <Table.Td>{item.expiresAt === null ? 'never' : formatTime(item.expiresAt)}</Table.Td>
                <Table.Td>{formatTime(item.createdAt)}</Table.Td>
                <Table.Td>{item.lastUsedAt === null ? 'never' : formatTime(item.lastUsedAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    disabled={item.revokedAt !== null}
                    loading={revoke.isPending && revoke.variables === item.id}
                    onClick={() => {
                      if (window.confirm(`Revoke the key "${item.name}"? Scripts using it stop working.`)) {
                        revoke.mutate(item.id);
                      }
                    }}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

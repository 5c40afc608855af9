// Admin page: lists accounts, creates users, changes roles, disables and enables accounts, resets passwords and funds
// ledger accounts.
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  PasswordInput,
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
import { type AdminUser, type PermissionsInfo, roles } from '../api-types.js';
import { notify } from '../notifications.js';
import type { PageProps } from '../page-components.js';
import { roleLabel } from '../pov.js';
import { useUser } from '../session.js';
import { FundAccountForm } from './admin-funding.js';
import { adminUsersKey, useAdminUsers } from './admin-users.js';
import { formatTime } from './format.js';
import { PageHeader } from './page-header.js';
import { passwordPolicyText } from './password-section.js';

/** Roles offered in the pickers: the server's list when it answers, else the roles this build knows. */
function useRoleOptions(): Array<{ value: string; label: string }> {
  const info = useQuery({
    queryKey: ['permissions'],
    queryFn: ({ signal }) => api.get<PermissionsInfo>('/permissions', { signal }),
    meta: { silent: true },
  });
  const list = info.data?.roles ?? [...roles];
  return list.map((role) => ({ value: role, label: roleLabel(role) }));
}

/** The admin page; the server enforces the admin role as well, this only avoids a useless screen. */
export function AdminPage({ page }: PageProps) {
  const me = useUser();
  if (me.role !== 'admin') {
    return (
      <>
        <PageHeader page={page} />
        <Alert color="yellow" title="Administrators only">
          Your role ({roleLabel(me.role)}) cannot manage users.
        </Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader page={page} />
      <CreateUserForm />
      <FundAccountForm />
      <UserTable />
    </>
  );
}

function CreateUserForm() {
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string | null>('viewer');
  const create = useMutation({
    mutationFn: (body: { username: string; password: string; role: string }) =>
      api.post<AdminUser>('/admin/users', body),
    onSuccess: (created) => {
      notify({ title: 'User created', message: `${created.username} (${roleLabel(created.role)})`, color: 'green' });
      setUsername('');
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: adminUsersKey });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (role !== null) create.mutate({ username: username.trim(), password, role });
  }

  return (
    <form onSubmit={submit} aria-label="Create user">
      <Title order={4} mb="xs">
        Create a user
      </Title>
      <Group align="flex-end" mb="lg">
        <TextInput
          label="Username"
          required
          autoComplete="off"
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
          data-testid="admin-new-username"
        />
        <PasswordInput
          label="Password"
          required
          w={240}
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          data-testid="admin-new-password"
        />
        <Select
          label="Role"
          required
          allowDeselect={false}
          data={roleOptions}
          value={role}
          onChange={setRole}
          data-testid="admin-new-role"
        />
        <Button type="submit" loading={create.isPending} data-testid="admin-create-user">
          Create user
        </Button>
      </Group>
    </form>
  );
}

function UserTable() {
  const me = useUser();
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions();
  const users = useAdminUsers();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: adminUsersKey });
  const disable = useMutation({
    mutationFn: (id: string) => api.post<AdminUser>(`/admin/users/${encodeURIComponent(id)}/disable`),
    onSuccess: (user) => {
      notify({ title: 'User disabled', message: user.username, color: 'green' });
      refresh();
    },
  });
  const enable = useMutation({
    mutationFn: (id: string) => api.post<AdminUser>(`/admin/users/${encodeURIComponent(id)}/enable`),
    onSuccess: (user) => {
      notify({ title: 'User enabled', message: user.username, color: 'green' });
      refresh();
    },
  });
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: string }) =>
      api.put<AdminUser>(`/admin/users/${encodeURIComponent(id)}/role`, { role }),
    onSuccess: (user) => {
      notify({ title: 'Role changed', message: `${user.username} is now ${roleLabel(user.role)}`, color: 'green' });
      refresh();
    },
  });

  if (users.isPending) return <Loader size="sm" />;
  if (users.isError) return <Alert color="red">Could not load users.</Alert>;
  return (
    <>
      <Title order={4} mb="xs">
        Users
      </Title>
      <Table data-testid="admin-users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Username</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>MFA</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.data.items.map((user) => {
            const self = user.id === me.id;
            return (
              <Table.Tr key={user.id} data-username={user.username}>
                <Table.Td>{user.username}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Role of ${user.username}`}
                    size="xs"
                    allowDeselect={false}
                    data={roleOptions}
                    value={user.role}
                    disabled={self || user.disabled}
                    onChange={(role) => {
                      if (role !== null && role !== user.role) changeRole.mutate({ id: user.id, role });
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <Badge color={user.disabled ? 'red' : 'green'} variant="light">
                    {user.disabled ? 'disabled' : 'active'}
                  </Badge>
                </Table.Td>
                <Table.Td>{user.mfaEnabled ? 'on' : 'off'}</Table.Td>
                <Table.Td>{formatTime(user.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {user.disabled ? (
                      <Button
                        size="xs"
                        variant="light"
                        loading={enable.isPending && enable.variables === user.id}
                        onClick={() => enable.mutate(user.id)}
                      >
                        Enable
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        color="red"
                        variant="light"
                        disabled={self}
                        loading={disable.isPending && disable.variables === user.id}
                        onClick={() => {
                          if (window.confirm(`Disable ${user.username}? They will be signed out and cannot sign in.`)) {
                            disable.mutate(user.id);
                          }
                        }}
                      >
                        Disable
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      disabled={self}
                      onClick={() => setResetting(user)}
                      data-testid="admin-reset-password"
                    >
                      Reset password
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {resetting !== null && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

/** Sets a user's password (a forgotten one, or one others may know): clears a lockout and ends their sessions. */
function ResetPasswordDialog({ user, onClose }: { user: AdminUser; onClose(): void }) {
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.put<AdminUser>(`/admin/users/${encodeURIComponent(user.id)}/password`, { password }),
    onSuccess: () => {
      notify({
        title: 'Password set',
        message: `${user.username} signs in with it now; their sessions have ended.`,
        color: 'green',
      });
      onClose();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    reset.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.username}`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            {passwordPolicyText} Tell the user through a channel you trust; their sessions end and a lockout is cleared.
          </Text>
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            data-testid="admin-reset-new-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.isPending} disabled={password === ''} data-testid="admin-reset-submit">
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// Password change for the signed-in user: current password, new password twice; other sessions end on success.
import { Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { notify } from '../notifications.js';

/** The password part of the settings page. */
export function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({
    mutationFn: () => api.changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
      notify({
        title: 'Password changed',
        message: 'Your other sessions end within 15 minutes; API keys keep working.',
        color: 'green',
      });
    },
  });
  const mismatch = repeat.length > 0 && repeat !== next;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!mismatch) change.mutate();
  }

  return (
    <Stack gap="sm" component="form" onSubmit={submit} maw={420}>
      <Title order={4}>Password</Title>
      <Text size="sm">At least 12 characters with three of: lower case, upper case, digit, symbol.</Text>
      <PasswordInput
        label="Current password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(event) => setCurrent(event.currentTarget.value)}
        data-testid="password-current"
      />
      <PasswordInput
        label="New password"
        autoComplete="new-password"
        required
        value={next}
        onChange={(event) => setNext(event.currentTarget.value)}
        data-testid="password-new"
      />
      <PasswordInput
        label="New password again"
        autoComplete="new-password"
        required
        value={repeat}
        error={mismatch ? 'The two new passwords differ' : undefined}
        onChange={(event) => setRepeat(event.currentTarget.value)}
        data-testid="password-repeat"
      />
      <Group>
        <Button
          type="submit"
          loading={change.isPending}
          disabled={current === '' || next === '' || repeat !== next}
          data-testid="password-change"
        >
          Change password
        </Button>
      </Group>
    </Stack>
  );
}

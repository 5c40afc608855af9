// Password change for the signed-in user: current password, new password twice; other sessions end on success.
import { Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { notify } from '../notifications.js';

/** The server's password policy in words (passwords.ts in the platform's auth). */
export const passwordPolicyText = 'At least 12 characters with three of: lower case, upper case, digit, symbol.';

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

  const field = (
    label: string,
    autoComplete: string,
    value: string,
    set: (value: string) => void,
    testId: string,
    error?: string,
  ) => (
    <PasswordInput
      label={label}
      autoComplete={autoComplete}
      required
      value={value}
      error={error}
      onChange={(event) => set(event.currentTarget.value)}
      data-testid={testId}
    />
  );

  return (
    <Stack gap="sm" component="form" onSubmit={submit} maw={420}>
      <Title order={4}>Password</Title>
      <Text size="sm">{passwordPolicyText}</Text>
      {field('Current password', 'current-password', current, setCurrent, 'password-current')}
      {field('New password', 'new-password', next, setNext, 'password-new')}
      {field(
        'New password again',
        'new-password',
        repeat,
        setRepeat,
        'password-repeat',
        mismatch ? 'The two new passwords differ' : undefined,
      )}
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

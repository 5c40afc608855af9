// MFA enrolment: start, show the otpauth URI and secret, confirm with a code, show recovery codes once; or disable.
import { Alert, Badge, Button, Code, CopyButton, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import type { MfaEnrollment } from '../api-types.js';
import { notify } from '../notifications.js';
import { useSession, useUser } from '../session.js';

/** The MFA part of the settings page. */
export function MfaSection() {
  const user = useUser();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Title order={4}>Multi-factor authentication</Title>
        <Badge color={user.mfaEnabled ? 'green' : 'gray'} data-testid="mfa-status">
          {user.mfaEnabled ? 'on' : 'off'}
        </Badge>
      </Group>
      {recoveryCodes !== null ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : user.mfaEnabled ? (
        <DisableMfa />
      ) : (
        <EnrolMfa onEnrolled={setRecoveryCodes} />
      )}
    </Stack>
  );
}

function SixDigitCode({ value, onChange, testId }: { value: string; onChange(v: string): void; testId: string }) {
  return (
    <TextInput
      label="Code from your authenticator app"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      value={value}
      onChange={(event) => onChange(event.currentTarget.value.replace(/\D/g, ''))}
      data-testid={testId}
      w={260}
    />
  );
}

function EnrolMfa({ onEnrolled }: { onEnrolled(codes: string[]): void }) {
  const { reloadUser } = useSession();
  const [code, setCode] = useState('');
  const enroll = useMutation({ mutationFn: () => api.post<MfaEnrollment>('/auth/mfa/enroll') });
  const verify = useMutation({
    mutationFn: (value: string) => api.post<{ recoveryCodes: string[] }>('/auth/mfa/verify', { code: value }),
    onSuccess: async (result) => {
      onEnrolled(result.recoveryCodes);
      notify({ title: 'MFA is on', message: 'Sign-ins now ask for a code.', color: 'green' });
      await reloadUser();
    },
  });

  if (enroll.data === undefined) {
    return (
      <Group>
        <Text size="sm">Protect your account with a time-based one-time code (TOTP) from an authenticator app.</Text>
        <Button onClick={() => enroll.mutate()} loading={enroll.isPending} data-testid="mfa-enroll">
          Set up MFA
        </Button>
      </Group>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    verify.mutate(code);
  }

  return (
    <Stack gap="sm" component="form" onSubmit={submit}>
      <Text size="sm">
        Add this account to your authenticator app: open the link below on the device, or type the secret by hand.
      </Text>
      <Text size="sm" fw={600}>
        otpauth URI
      </Text>
      <Code block data-testid="mfa-otpauth-uri" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {enroll.data.otpauthUri}
      </Code>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Secret
        </Text>
        <Code data-testid="mfa-secret">{enroll.data.secret}</Code>
        <CopyButton value={enroll.data.secret}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group align="flex-end">
        <SixDigitCode value={code} onChange={setCode} testId="mfa-verify-code" />
        <Button type="submit" loading={verify.isPending} disabled={code.length !== 6} data-testid="mfa-verify">
          Verify and turn on
        </Button>
      </Group>
    </Stack>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  return (
    <Alert color="yellow" title="Save your recovery codes now" data-testid="mfa-recovery-codes">
      <Text size="sm" mb="xs">
        Each code signs you in once if you lose your authenticator. They are shown only this once.
      </Text>
      <List spacing={2} mb="sm" ff="monospace">
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy all'}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" onClick={onDone}>
          I have saved them
        </Button>
      </Group>
    </Alert>
  );
}

function DisableMfa() {
  const { reloadUser } = useSession();
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: (value: string) => api.post<void>('/auth/mfa/disable', { code: value }),
    onSuccess: async () => {
      setCode('');
      notify({ title: 'MFA is off', message: 'Sign-ins no longer ask for a code.', color: 'yellow' });
      await reloadUser();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    disable.mutate(code);
  }

  return (
    <Group align="flex-end" component="form" onSubmit={submit}>
      <SixDigitCode value={code} onChange={setCode} testId="mfa-disable-code" />
      <Button type="submit" color="red" variant="light" loading={disable.isPending} disabled={code.length !== 6}>
        Turn off MFA
      </Button>
    </Group>
  );
}

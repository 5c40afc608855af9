// Sign-in page: username and password, then a TOTP or recovery code when the account has MFA.
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api.js';
import { notifyError } from '../notifications.js';
import { useSession } from '../session.js';

type Step = 'password' | 'mfa';

// Messages for the codes the login endpoint answers with; anything else falls back to the server's text.
const loginMessages: Record<string, string> = {
  invalid_credentials: 'Username or password is wrong.',
  mfa_invalid: 'That code was not accepted. Codes change every 30 seconds; try the current one.',
  account_locked: 'This account is locked after too many failed attempts. Try again later or ask an administrator.',
  account_disabled: 'This account is disabled. Ask an administrator.',
};

/** The sign-in form shown whenever nobody is signed in. */
export function LoginPage() {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step>('password');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const second = step === 'mfa' ? (useRecovery ? { recoveryCode: code.trim() } : { totp: code.trim() }) : {};
    try {
      await login({ username, password, ...second });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'mfa_required') {
        setStep('mfa');
      } else if (caught instanceof ApiError && caught.status === 401) {
        setError({ message: loginMessages[caught.code] ?? caught.message, code: caught.code });
        if (caught.code !== 'mfa_invalid') resetToPassword();
      } else {
        notifyError(caught, 'Sign-in failed');
      }
    } finally {
      setBusy(false);
    }
  }

  function resetToPassword() {
    setStep('password');
    setCode('');
    setUseRecovery(false);
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} component="form" onSubmit={submit} aria-label="Sign in">
        <Stack>
          <div>
            <Title order={2}>Nexus</Title>
            <Text c="dimmed" size="sm">
              Sign in to continue
            </Text>
          </div>
          {error !== null && (
            <Alert color="red" data-testid="login-error" data-code={error.code}>
              {error.message}{' '}
              <Text span size="xs" ff="monospace">
                ({error.code})
              </Text>
            </Alert>
          )}
          <TextInput
            label="Username"
            autoComplete="username"
            required
            value={username}
            onChange={(event) => setUsername(event.currentTarget.value)}
            readOnly={step === 'mfa'}
            data-testid="login-username"
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            readOnly={step === 'mfa'}
            data-testid="login-password"
          />
          {step === 'mfa' && (
            <MfaField useRecovery={useRecovery} code={code} onCode={setCode} onToggle={() => toggleRecovery()} />
          )}
          <Button type="submit" loading={busy} data-testid="login-submit">
            {step === 'mfa' ? 'Verify and sign in' : 'Sign in'}
          </Button>
          {step === 'mfa' && (
            <Anchor component="button" type="button" size="sm" onClick={resetToPassword}>
              Start over
            </Anchor>
          )}
        </Stack>
      </Paper>
    </Center>
  );

  function toggleRecovery() {
    setUseRecovery((previous) => !previous);
    setCode('');
  }
}

interface MfaFieldProps {
  useRecovery: boolean;
  code: string;
  onCode(code: string): void;
  onToggle(): void;
}

// The second factor: a six-digit TOTP code, or one of the recovery codes issued at enrolment.
function MfaField({ useRecovery, code, onCode, onToggle }: MfaFieldProps) {
  return (
    <Stack gap={4}>
      {useRecovery ? (
        <TextInput
          label="Recovery code"
          description="Each recovery code works once."
          autoComplete="off"
          required
          autoFocus
          value={code}
          onChange={(event) => onCode(event.currentTarget.value)}
          data-testid="mfa-recovery-code"
        />
      ) : (
        <TextInput
          label="Authentication code"
          description="The 6-digit code from your authenticator app."
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          autoFocus
          value={code}
          onChange={(event) => onCode(event.currentTarget.value.replace(/\D/g, ''))}
          data-testid="mfa-code"
        />
      )}
      <Anchor component="button" type="button" size="sm" onClick={onToggle} data-testid="mfa-use-recovery">
        {useRecovery ? 'Use an authenticator code instead' : 'Use a recovery code'}
      </Anchor>
    </Stack>
  );
}

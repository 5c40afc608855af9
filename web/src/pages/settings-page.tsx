// Settings page: password, multi-factor authentication and API keys for the signed-in user.
import { Divider } from '@mantine/core';
import type { PageProps } from '../page-components.js';
import { ApiKeysSection } from './api-keys-section.js';
import { MfaSection } from './mfa-section.js';
import { PageHeader } from './page-header.js';
import { PasswordSection } from './password-section.js';

/** The settings page. */
export function SettingsPage({ page }: PageProps) {
  return (
    <>
      <PageHeader page={page} />
      <PasswordSection />
      <Divider my="xl" />
      <MfaSection />
      <Divider my="xl" />
      <ApiKeysSection />
    </>
  );
}

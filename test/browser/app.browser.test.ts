// Browser suite: drives the real UI in Debian's Chromium against a real server (sign-in, themes, audit, password,
// MFA, keys).
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpBrowserSuite, submitLogin } from '../helpers/browser.js';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'browser');
const stepTimeoutMs = 15_000;
const testTimeoutMs = 120_000;

const suite = setUpBrowserSuite({ viewport: { width: 1280, height: 800 }, stepTimeoutMs, testTimeoutMs });
const openPage = () => suite.openPage();

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await submitLogin(page, username, password);
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
}

// Read through the attribute (not page.evaluate) so this file needs no DOM typings.
async function dataTheme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-theme');
}

async function waitForTheme(page: Page, themeId: string): Promise<void> {
  await page.locator(`html[data-theme="${themeId}"]`).waitFor({ state: 'attached' });
}

/** RFC 4648 base32 (the TOTP secret encoding) to bytes. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** TOTP code (RFC 6238 over RFC 4226 HOTP) for the parameters of an otpauth URI, at the current time. */
function totpFromUri(otpauthUri: string): string {
  const params = new URL(otpauthUri).searchParams;
  const secret = base32Decode(params.get('secret') ?? '');
  const digits = Number(params.get('digits') ?? 6);
  const period = Number(params.get('period') ?? 30);
  const algorithm = (params.get('algorithm') ?? 'SHA1').toLowerCase().replace('-', '');
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / period)));
  const mac = createHmac(algorithm, secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

describe('web shell', () => {
  it(
    'signs the admin in, keeps the chosen theme on the server, and shows the verified audit chain',
    async () => {
      const { page, pageErrors } = await openPage();
      const { adminUsername, adminPassword } = suite.server();
      await signIn(page, adminUsername, adminPassword);
      const userMenu = page.getByTestId('user-menu');
      await userMenu.waitFor();
      expect(await userMenu.textContent()).toContain(adminUsername);
      await page.getByTestId('nav-admin').waitFor();

      const startTheme = await dataTheme(page);
      expect(startTheme).not.toBe('compliance-audit');
      await userMenu.click();
      const saved = page.waitForResponse(
        (response) => response.url().endsWith('/api/v1/me/preferences') && response.request().method() === 'PUT',
      );
      await page.getByTestId('theme-picker').selectOption({ label: 'Compliance & Audit' });
      expect((await saved).status()).toBe(200);
      await waitForTheme(page, 'compliance-audit');
      await page.keyboard.press('Escape');

      // A reload keeps only the refresh token; the session and theme must come back from it.
      await page.reload();
      await userMenu.waitFor();
      await waitForTheme(page, 'compliance-audit');

      // A second browser has no local hint at all, so this theme can only come from GET /me.
      const second = await openPage();
      expect(await dataTheme(second.page)).not.toBe('compliance-audit');
      await signIn(second.page, adminUsername, adminPassword);
      await second.page.getByTestId('user-menu').waitFor();
      await waitForTheme(second.page, 'compliance-audit');
      expect(second.pageErrors).toEqual([]);

      await page.getByTestId('nav-audit').click();
      const verification = page.getByTestId('audit-verify');
      await verification.waitFor();
      expect(await verification.getAttribute('data-ok')).toBe('true');
      expect(await verification.textContent()).toContain('chain intact');
      await page.getByTestId('audit-table').waitFor();

      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, 'shell.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    },
    testTimeoutMs,
  );

  it(
    'lets the admin create a user and reset their password; the user sees their POV navigation, changes the password, enrols MFA and signs in with a recovery code',
    async () => {
      const { page, pageErrors } = await openPage();
      await signIn(page, suite.server().adminUsername, suite.server().adminPassword);
      await page.getByTestId('nav-admin').click();
      const username = `examiner${Date.now() % 100_000}`;
      const firstPassword = 'Correct-Horse-Battery-42!';
      await page.getByTestId('admin-new-username').fill(username);
      await page.getByTestId('admin-new-password').fill(firstPassword);
      await page.getByTestId('admin-new-role').click();
      await page.getByRole('option', { name: 'Financial examiner' }).click();
      await page.getByTestId('admin-create-user').click();
      const row = page.locator(`tr[data-username="${username}"]`);
      await row.waitFor();
      // The admin sets another password (as for a user who forgot theirs); the first one stops working.
      const password = 'Reset-By-Admin-Pass-77!';
      await row.getByTestId('admin-reset-password').click();
      await page.getByTestId('admin-reset-new-password').fill(password);
      await page.getByTestId('admin-reset-submit').click();
      await page.getByText(`${username} signs in with it now`).waitFor();
      await signOut(page);

      await submitLogin(page, username, firstPassword);
      await page.locator('[data-testid="login-error"][data-code="invalid_credentials"]').waitFor();
      await signIn(page, username, password);
      await page.getByTestId('user-menu').waitFor();
      const navigation = await page
        .locator('[data-testid^="nav-"]')
        .evaluateAll((links) =>
          links.map((link) => ({ id: link.getAttribute('data-testid'), focus: link.getAttribute('data-focus') })),
        );
      expect(navigation[0]).toEqual({ id: 'nav-examiner', focus: 'true' });
      expect(navigation.map((link) => link.id)).not.toContain('nav-admin');

      // Change the password first: the session goes on with the tokens the change returns.
      await page.getByTestId('nav-settings').click();
      const newPassword = 'Lantern-Quay-Battery-43!';
      await page.getByTestId('password-current').fill(password);
      await page.getByTestId('password-new').fill(newPassword);
      await page.getByTestId('password-repeat').fill(newPassword);
      await page.getByTestId('password-change').click();
      await page.getByText('Password changed').waitFor();
      expect(await page.getByTestId('password-current').inputValue()).toBe('');

      await page.getByTestId('mfa-enroll').click();
      const otpauthUri = (await page.getByTestId('mfa-otpauth-uri').textContent()) ?? '';
      expect(otpauthUri.startsWith('otpauth://totp/')).toBe(true);
      await page.getByTestId('mfa-verify-code').fill(totpFromUri(otpauthUri));
      await page.getByTestId('mfa-verify').click();
      const recoveryList = page.getByTestId('mfa-recovery-codes').locator('li');
      await recoveryList.first().waitFor();
      const recoveryCode = ((await recoveryList.first().textContent()) ?? '').trim();
      expect(recoveryCode.length).toBeGreaterThan(0);
      await signOut(page);

      await signIn(page, username, newPassword);
      await page.getByTestId('mfa-code').waitFor();
      await page.getByTestId('mfa-use-recovery').click();
      await page.getByTestId('mfa-recovery-code').fill(recoveryCode);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('user-menu').waitFor();
      expect(await page.getByTestId('user-menu').textContent()).toContain(username);
      expect(pageErrors).toEqual([]);
    },
    testTimeoutMs,
  );

  it(
    'creates an API key, shows its secret once, and revokes it',
    async () => {
      const { page, pageErrors } = await openPage();
      page.on('dialog', (dialog) => void dialog.accept());
      await signIn(page, suite.server().adminUsername, suite.server().adminPassword);
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('api-key-name').fill('browser-suite');
      await page.getByTestId('api-key-scopes').locator('input[type="checkbox"]:not([disabled])').first().check();
      await page.getByTestId('api-key-create').click();
      const secret = page.getByTestId('api-key-secret');
      await secret.waitFor();
      const row = page.getByTestId('api-keys').locator('tr', { hasText: 'browser-suite' });
      const prefix = ((await row.locator('td').nth(1).textContent()) ?? '').trim();
      expect(prefix.length).toBeGreaterThan(0);
      expect(await secret.locator('pre, code').first().textContent()).toContain(prefix);

      await row.getByRole('button', { name: 'Revoke' }).click();
      await row.getByText('revoked').waitFor();
      expect(pageErrors).toEqual([]);
    },
    testTimeoutMs,
  );
});

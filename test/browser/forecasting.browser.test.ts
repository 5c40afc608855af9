// Browser check of the forecasting page: empty state, CSV upload with a rejected row, and the five tabs on real data.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startTestServer } from '../helpers/test-server.js';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'browser');
const timeoutMs = 120_000;

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
}, timeoutMs);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, timeoutMs);

/** 156 weekly rows (trend plus a yearly wave, no randomness needed), with line 4 holding a value that is not a number. */
function csv(): string {
  const start = Date.UTC(2022, 0, 3);
  const rows = ['time,value'];
  for (let i = 0; i < 156; i++) {
    const value = i === 2 ? 'abc' : (200 + i + 15 * Math.sin((2 * Math.PI * i) / 52)).toFixed(3);
    rows.push(`${new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10)},${value}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('forecasting page', () => {
  it(
    'says no series exist, takes a CSV, reports its bad row, and shows the five tabs',
    async () => {
      if (browser === undefined || server === undefined) throw new Error('suite setup failed');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(new URL('/forecasting', server.url).href);
      await page.getByTestId('login-username').fill(server.adminUsername);
      await page.getByTestId('login-password').fill(server.adminPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-forecasting').click();

      await page.getByTestId('forecast-empty').waitFor();
      await page
        .getByTestId('forecast-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(csv()) });
      expect(await page.getByTestId('forecast-upload-metric').inputValue()).toBe('sales');
      await page.getByTestId('forecast-upload-submit').click();

      // After the upload the page switches to the new series, keeps the upload report and computes a forecast.
      const rejected = page.getByTestId('forecast-upload-rejected').locator('tbody tr');
      await rejected.first().waitFor();
      expect(await rejected.count()).toBe(1);
      expect(await rejected.first().innerText()).toMatch(/^4\s+value\s+.*value_not_a_number/);
      await page.getByTestId('forecast-milestones').waitFor();
      await page.getByTestId('forecast-upload-toggle').click();
      expect(await page.getByTestId('forecast-upload').count()).toBe(1);
      await page.getByTestId('tab-predictions').click();
      await page.getByTestId('forecast-chart').locator('canvas').first().waitFor();
      await page.getByTestId('tab-history').click();
      expect(await page.getByTestId('forecast-raw-table').locator('tbody tr').count()).toBe(155);
      await page.getByTestId('tab-deep').click();
      const models = await page.getByTestId('forecast-models').locator('tbody tr').count();
      expect(models).toBeGreaterThanOrEqual(6);
      await page.getByTestId('tab-insights').click();
      expect(await page.getByTestId('forecast-insight').count()).toBeGreaterThan(0);
      await page.getByTestId('tab-predictions').click();
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, 'forecasting.png'), fullPage: true });

      // A series with five weeks is too young to forecast: the page says so calmly, with no error notification.
      const young = ['time,value', '2026-01-05,1', '2026-01-12,2', '2026-01-19,3', '2026-01-26,4', '2026-02-02,5'];
      await page
        .getByTestId('forecast-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: 'young.csv', mimeType: 'text/csv', buffer: Buffer.from(`${young.join('\n')}\n`) });
      await page.getByTestId('forecast-upload-submit').click();
      await page.getByTestId('forecast-too-short').waitFor();
      expect(await page.getByTestId('forecast-too-short').innerText()).toContain('got 5');
      expect(await page.getByText('Bad Request').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      await context.close();
    },
    timeoutMs,
  );
});

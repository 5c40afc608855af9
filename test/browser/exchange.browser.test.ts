// Browser suite for the Trading page: list a symbol, fund two accounts, cross a resting order, see it live.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpBrowserSuite, submitLogin } from '../helpers/browser.js';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'browser');
const stepTimeoutMs = 15_000;
const testTimeoutMs = 150_000;
const pollOptions = { timeout: stepTimeoutMs, interval: 200 };

const suite = setUpBrowserSuite({ viewport: { width: 1440, height: 1000 }, stepTimeoutMs, testTimeoutMs });
const openPage = () => suite.openPage();

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await submitLogin(page, username, password);
  await page.getByTestId('user-menu').waitFor();
}

/** One attribute of every element the locator matches, read as numbers (test arithmetic only). */
async function numbersOf(locator: Locator, attribute: string): Promise<number[]> {
  const values = await locator.evaluateAll(
    (elements, name) => elements.map((element) => element.getAttribute(name)),
    attribute,
  );
  return values.filter((value): value is string => value !== null).map(Number);
}

/** A balance figure ('available' or 'total') of one asset, or null while the row is missing. */
async function balanceOf(page: Page, asset: string, figure: 'available' | 'total'): Promise<number | null> {
  const row = page.locator(`[data-testid="balance-row"][data-asset="${asset}"]`);
  if ((await row.count()) === 0) return null;
  const value = await row.getAttribute(`data-${figure}`);
  return value === null ? null : Number(value);
}

async function deposit(page: Page, asset: string, amount: string): Promise<void> {
  await page.getByTestId('balances-deposit').click();
  await page.getByTestId('transfer-asset').selectOption(asset);
  await page.getByTestId('transfer-amount').fill(amount);
  const booked = page.waitForResponse(
    (response) => response.url().endsWith('/api/v1/ledger/deposits') && response.request().method() === 'POST',
  );
  await page.getByTestId('transfer-submit').click();
  expect((await booked).status()).toBe(201);
  await expect.poll(() => balanceOf(page, asset, 'total'), pollOptions).toBeGreaterThanOrEqual(Number(amount));
}

async function placeLimit(page: Page, side: 'Buy' | 'Sell', quantity: string, price: string): Promise<void> {
  await page.getByTestId('order-side').getByText(side, { exact: true }).click();
  await page.getByTestId('order-kind').selectOption('limit');
  await page.getByTestId('order-quantity').fill(quantity);
  await page.getByTestId('order-price').fill(price);
  const placed = page.waitForResponse(
    (response) => response.url().endsWith('/api/v1/exchange/orders') && response.request().method() === 'POST',
  );
  // A double click must place one order: the button is busy and the clientOrderId is the same.
  await page.getByTestId('order-submit').dblclick();
  expect((await placed).status()).toBe(201);
  await page.getByTestId('order-result').waitFor();
}

describe('trading page', () => {
  it(
    'lists a symbol, funds two accounts, crosses a resting sell with a buy and shows book, trade, fills and balances',
    async () => {
      const { page, pageErrors } = await openPage();
      page.on('dialog', (dialog) => void dialog.accept());
      const { adminUsername, adminPassword } = suite.server();
      await signIn(page, adminUsername, adminPassword);

      // The admin lists the first symbol (the form is prefilled with a BTC-USD setup, reference price 100).
      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('symbols-empty').waitFor();
      expect(await page.getByTestId('symbols-empty').textContent()).toContain('No symbols yet');
      await page.getByTestId('symbol-new-symbol').fill('BTC-USD');
      await page.getByTestId('symbol-create-submit').click();
      await page.getByTestId('symbol-picker').waitFor();
      expect(await page.getByTestId('symbol-picker').inputValue()).toBe('BTC-USD');
      await page.getByTestId('book-empty').waitFor();
      await page.getByTestId('open-orders-empty').waitFor();
      await page.locator('[data-testid="socket-status"][data-status="live"]').waitFor();

      // The admin funds itself with both legs.
      await deposit(page, 'USD', '10000');
      await deposit(page, 'BTC', '2');

      // Self-trade prevention stops an account from crossing its own order, so the buyer is a second account.
      const traderName = `trader${Date.now() % 100_000}`;
      const traderPassword = 'Trader-Pass-Phrase-42!';
      await page.getByTestId('nav-admin').click();
      await page.getByTestId('admin-new-username').fill(traderName);
      await page.getByTestId('admin-new-password').fill(traderPassword);
      await page.getByTestId('admin-new-role').click();
      await page.getByRole('option', { name: 'trader', exact: true }).click();
      await page.getByTestId('admin-create-user').click();
      await page.locator(`tr[data-username="${traderName}"]`).waitFor();
      // The admin credits the trader a quarter BTC through the admin page's funding form.
      await page.getByTestId('admin-fund-user').click();
      await page.getByRole('option', { name: traderName, exact: true }).click();
      await page.getByTestId('admin-fund-asset').click();
      await page.getByRole('option', { name: 'BTC', exact: true }).click();
      await page.getByTestId('admin-fund-amount').fill('0.25');
      const funded = page.waitForResponse(
        (response) => response.url().endsWith('/api/v1/ledger/deposits') && response.request().method() === 'POST',
      );
      await page.getByTestId('admin-fund').click();
      expect((await funded).status()).toBe(201);
      await page.getByText(`${traderName}: BTC available 0.25`).waitFor();
      // Under the form, the chosen user's transfers show the deposit just booked (so a payment is not booked twice).
      await page.getByText(`Transfers of ${traderName}`).waitFor();
      const booked = page.locator('[data-testid="transfer-row"][data-kind="deposit"][data-asset="BTC"]');
      await expect.poll(() => booked.getAttribute('data-amount'), pollOptions).toBe('0.25000000');

      // A resting sell limit appears on the ladder and among the admin's open orders.
      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('order-entry').waitFor();
      await placeLimit(page, 'Sell', '0.5', '100.00');
      await expect.poll(() => numbersOf(page.getByTestId('book-ask'), 'data-price'), pollOptions).toEqual([100]);
      expect(await numbersOf(page.getByTestId('book-ask'), 'data-quantity')).toEqual([0.5]);
      await expect.poll(() => page.getByTestId('open-order').count(), pollOptions).toBe(1);
      expect(await page.getByTestId('open-order').getAttribute('data-side')).toBe('sell');
      // Half a BTC is now held for the order.
      await expect.poll(() => balanceOf(page, 'BTC', 'available'), pollOptions).toBe(1.5);

      // The trader signs in elsewhere, funds USD itself (the suite's server allows self-deposits, as a sandbox
      // does) and buys across the spread.
      const buyer = await openPage();
      await signIn(buyer.page, traderName, traderPassword);
      await buyer.page.goto(new URL('/exchange', suite.server().url).href);
      await buyer.page.getByTestId('order-entry').waitFor();
      await expect.poll(() => numbersOf(buyer.page.getByTestId('book-ask'), 'data-price'), pollOptions).toEqual([100]);
      await deposit(buyer.page, 'USD', '1000');
      // The trader's transfers: their own USD deposit above the administrator's quarter BTC.
      const transferRows = buyer.page.getByTestId('transfer-row');
      await expect.poll(() => transferRows.count(), pollOptions).toBe(2);
      const transferCells = await transferRows.evaluateAll((rows) =>
        rows.map((row) => [
          row.getAttribute('data-kind'),
          row.getAttribute('data-asset'),
          row.getAttribute('data-amount'),
        ]),
      );
      expect(transferCells).toEqual([
        ['deposit', 'USD', '1000.00'],
        ['deposit', 'BTC', '0.25000000'],
      ]);
      await placeLimit(buyer.page, 'Buy', '0.5', '100.00');
      await buyer.page.locator('[data-testid="fill-row"][data-liquidity="taker"]').waitFor();
      // The admin's quarter BTC plus what the buy brings: the taker fee (20 bps) may be taken from the BTC
      // received, so 0.499 to 0.5 BTC arrive.
      await expect.poll(() => balanceOf(buyer.page, 'BTC', 'total'), pollOptions).toBeGreaterThanOrEqual(0.749);
      expect(await balanceOf(buyer.page, 'BTC', 'total')).toBeLessThanOrEqual(0.75);

      // The admin's page learns all of it live: the ask leaves the book, the trade prints, the maker fill and the
      // balances arrive through the private orders channel.
      await page.getByTestId('book-empty').waitFor();
      await expect.poll(() => numbersOf(page.getByTestId('trade-row'), 'data-price'), pollOptions).toEqual([100]);
      expect(await numbersOf(page.getByTestId('trade-row'), 'data-quantity')).toEqual([0.5]);
      await page.locator('[data-testid="fill-row"][data-liquidity="maker"]').waitFor();
      expect(await numbersOf(page.getByTestId('fill-row'), 'data-price')).toEqual([100]);
      await page.getByTestId('open-orders-empty').waitFor();
      await expect.poll(() => balanceOf(page, 'BTC', 'total'), pollOptions).toBe(1.5);
      // 0.5 BTC sold at 100 USD credits 50 USD less the maker fee (10 bps of 50 = 0.05 USD).
      await expect.poll(() => balanceOf(page, 'USD', 'total'), pollOptions).toBeGreaterThan(10_049);
      expect(await balanceOf(page, 'USD', 'total')).toBeLessThanOrEqual(10_050);
      await page.getByTestId('position-row').first().waitFor();
      // The position shows the maker fee paid on it (10 bps of 50.00 USD).
      expect(await page.getByTestId('position-fees').first().innerText()).toBe('0.05');
      // The filled sell moves to the order history.
      await expect
        .poll(() => page.getByTestId('history-order').first().getAttribute('data-status'), pollOptions)
        .toBe('filled');

      // The kill switches: the admin switches the trader off (their page's order entry is then refused), releases
      // them, and halts and resumes all trading.
      await page.getByTestId('kill-switches-toggle').click();
      await page.getByTestId('kill-accounts-empty').waitFor();
      await page.getByTestId('kill-account-user').click();
      await page.getByRole('option', { name: traderName, exact: true }).click();
      await page.getByTestId('kill-account').click();
      await page.getByTestId('kill-accounts').getByText(traderName).waitFor();
      await buyer.page.getByTestId('order-side').getByText('Buy', { exact: true }).click();
      await buyer.page.getByTestId('order-quantity').fill('0.1');
      await buyer.page.getByTestId('order-price').fill('100.00');
      await buyer.page.getByTestId('order-submit').click();
      await buyer.page.locator('[data-testid="order-error"][data-code="account_killed"]').waitFor();
      await page.getByTestId('kill-accounts').getByRole('button', { name: 'Release' }).click();
      await page.getByTestId('kill-accounts-empty').waitFor();
      await page.getByTestId('kill-global').click();
      await expect.poll(() => page.getByTestId('kill-global-status').textContent(), pollOptions).toBe('halted');
      await page.getByTestId('kill-global').click();
      await expect.poll(() => page.getByTestId('kill-global-status').textContent(), pollOptions).toBe('open');
      // A symbol halt reaches the trader's page over the WebSocket: a badge, and order entry closed until resumed.
      await page.getByTestId('halt-symbol').click();
      await expect.poll(() => page.getByTestId('halt-symbol-status').textContent(), pollOptions).toBe('halted');
      await buyer.page.getByTestId('order-halted').waitFor();
      await buyer.page.getByTestId('symbol-halted').waitFor();
      expect(await buyer.page.getByTestId('order-submit').isDisabled()).toBe(true);
      await page.getByTestId('halt-symbol').click();
      await expect.poll(() => page.getByTestId('halt-symbol-status').textContent(), pollOptions).toBe('open');
      await buyer.page.getByTestId('order-halted').waitFor({ state: 'detached' });

      // Risk limits: the admin caps the trader's order size; the trader's next order is refused; the cap is cleared.
      await page.getByTestId('risk-limits-toggle').click();
      await page.getByTestId('risk-limits-user').click();
      await page.getByRole('option', { name: traderName, exact: true }).click();
      await expect.poll(() => page.getByTestId('risk-limits-state').textContent(), pollOptions).toContain('no limits');
      await page.getByTestId('risk-limit-orderQuantityMax').fill('0.05');
      await page.getByTestId('risk-limit-openOrdersMax').fill('0');
      await page.getByTestId('risk-limits-save').click();
      await page.getByText('a whole number, at least 1').waitFor();
      await page.getByTestId('risk-limit-openOrdersMax').fill('');
      await page.getByTestId('risk-limits-save').click();
      await expect.poll(() => page.getByTestId('risk-limits-state').textContent(), pollOptions).toContain('its own');
      await buyer.page.getByTestId('order-quantity').fill('0.1');
      await buyer.page.getByTestId('order-submit').click();
      await buyer.page.locator('[data-testid="order-error"][data-code="order_quantity_above_max"]').waitFor();
      await page.getByTestId('risk-limits-clear').click();
      await expect.poll(() => page.getByTestId('risk-limits-state').textContent(), pollOptions).toContain('no limits');
      expect(await page.getByTestId('risk-limit-orderQuantityMax').inputValue()).toBe('');

      // The trader's other order types through the form: an iceberg rests showing its slice, a stop-limit waits for
      // its trigger, and a TWAP parent runs, pauses, resumes and is cancelled from the Algo orders panel.
      await buyer.page.getByTestId('order-side').getByText('Buy', { exact: true }).click();
      await buyer.page.getByTestId('order-kind').selectOption('iceberg');
      await buyer.page.getByTestId('order-quantity').fill('0.3');
      await buyer.page.getByTestId('order-price').fill('95.00');
      await buyer.page.getByTestId('order-display-quantity').fill('0.1');
      await buyer.page.getByTestId('order-submit').click();
      await buyer.page.locator('[data-testid="open-order"][data-price="95.00"]').getByText('iceberg 0.1000').waitFor();
      await expect.poll(() => numbersOf(page.getByTestId('book-bid'), 'data-price'), pollOptions).toContain(95);
      // A good-till-date limit: the open order says until when it works.
      const tomorrow = new Date(Date.now() + 86_400_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      const local = `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T12:00`;
      await buyer.page.getByTestId('order-kind').selectOption('limit');
      await buyer.page.getByTestId('order-quantity').fill('0.1');
      await buyer.page.getByTestId('order-price').fill('94.00');
      await buyer.page.getByTestId('order-expire-at').fill(local);
      await buyer.page.getByTestId('order-submit').click();
      await buyer.page.locator('[data-testid="open-order"][data-price="94.00"]').getByTestId('order-expires').waitFor();
      await buyer.page.getByTestId('order-expire-at').fill('');
      await buyer.page.getByTestId('order-kind').selectOption('stop_limit');
      await buyer.page.getByTestId('order-quantity').fill('0.1');
      await buyer.page.getByTestId('order-stop-price').fill('105.00');
      await buyer.page.getByTestId('order-price').fill('106.00');
      await buyer.page.getByTestId('order-submit').click();
      const stop = buyer.page.locator('[data-testid="open-order"][data-status="pending_trigger"]');
      await stop.waitFor();
      // The waiting stop's trigger moves from 105.00 to 107.00 through the amend dialog.
      await stop.getByTestId('order-amend').click();
      await buyer.page.getByTestId('amend-stop-price').fill('107.00');
      await buyer.page.getByTestId('amend-price').fill('108.00');
      await buyer.page.getByTestId('amend-submit').click();
      await stop.getByText('stop 107.00').waitFor();
      await buyer.page.getByTestId('order-kind').selectOption('twap');
      await buyer.page.getByTestId('order-quantity').fill('0.1');
      await buyer.page.getByTestId('algo-duration').fill('600');
      await buyer.page.getByTestId('algo-slices').fill('10');
      await buyer.page.getByTestId('algo-limit-price').fill('90.00');
      await buyer.page.getByTestId('order-submit').click();
      const algo = buyer.page.getByTestId('algo-row').first();
      await expect.poll(() => algo.getAttribute('data-status'), pollOptions).toBe('running');
      // Benchmarks: the last trade (100.00) when it arrived; no trade since, so no interval VWAP yet.
      expect(await algo.getByTestId('algo-arrival').textContent()).toContain('100.00');
      expect(await algo.getByTestId('algo-interval-vwap').textContent()).toContain('—');
      await algo.getByTestId('algo-pause').click();
      await expect.poll(() => algo.getAttribute('data-status'), pollOptions).toBe('paused');
      await algo.getByTestId('algo-resume').click();
      await expect.poll(() => algo.getAttribute('data-status'), pollOptions).toBe('running');
      await algo.getByTestId('algo-cancel').click();
      await expect.poll(() => algo.getAttribute('data-status'), pollOptions).toBe('cancelled');
      // Cancel all, confirmed in its dialog, takes the iceberg and the waiting stop; the iceberg leaves the book.
      await buyer.page.getByTestId('orders-cancel-all').click();
      await buyer.page.getByTestId('orders-cancel-all-confirm').click();
      await buyer.page.getByTestId('open-orders-empty').waitFor();
      await expect.poll(() => numbersOf(page.getByTestId('book-bid'), 'data-price'), pollOptions).not.toContain(95);

      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, 'exchange.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
      expect(buyer.pageErrors).toEqual([]);
    },
    testTimeoutMs,
  );

  // Runs after the test above, on the same server, so BTC-USD is listed and the viewer has a market to watch.
  it(
    'shows market data but no order entry to a viewer',
    async () => {
      const { page, pageErrors } = await openPage();
      await signIn(page, suite.server().adminUsername, suite.server().adminPassword);
      const viewerName = `viewer${Date.now() % 100_000}`;
      const viewerPassword = 'Viewer-Pass-Phrase-42!';
      await page.getByTestId('nav-admin').click();
      await page.getByTestId('admin-new-username').fill(viewerName);
      await page.getByTestId('admin-new-password').fill(viewerPassword);
      await page.getByTestId('admin-new-role').click();
      await page.getByRole('option', { name: 'Viewer', exact: true }).click();
      await page.getByTestId('admin-create-user').click();
      await page.locator(`tr[data-username="${viewerName}"]`).waitFor();

      const viewer = await openPage();
      await signIn(viewer.page, viewerName, viewerPassword);
      await viewer.page.goto(new URL('/exchange', suite.server().url).href);
      await viewer.page.getByTestId('order-entry-readonly').waitFor();
      await viewer.page.getByTestId('order-book').waitFor();
      await viewer.page.getByTestId('recent-trades').waitFor();
      expect(await viewer.page.getByTestId('order-entry').count()).toBe(0);
      expect(await viewer.page.getByTestId('open-orders').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      expect(viewer.pageErrors).toEqual([]);
    },
    testTimeoutMs,
  );
});

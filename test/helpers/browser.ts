// Launching Debian's Chromium for the browser suites: one place for the path and the flags.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer } from './test-server.js';

/** Headless, no network side-traffic, no sandbox (containers); Playwright gives each launch a fresh profile dir. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts /usr/bin/chromium (installed from Debian; never a browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}

/** One browser suite: a real server and Chromium shared by a file's tests, with fresh contexts per page. */
export interface BrowserSuite {
  /** The running server; throws when setup failed. */
  server(): TestServer;
  /** A fresh context (own cookies and localStorage) at `viewport`, on the app's start page; page errors collected. */
  openPage(): Promise<{ page: Page; pageErrors: string[] }>;
}

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Registers beforeAll/afterAll that start the server and Chromium, and close every context afterwards. */
export function setUpBrowserSuite(options: {
  viewport: { width: number; height: number };
  stepTimeoutMs: number;
  testTimeoutMs: number;
}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, options.testTimeoutMs);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  }, options.testTimeoutMs);
  const running = (): TestServer => {
    if (server === undefined) throw new Error('suite setup failed');
    return server;
  };
  return {
    server: running,
    async openPage() {
      if (browser === undefined) throw new Error('suite setup failed');
      const context = await browser.newContext({ viewport: options.viewport });
      context.setDefaultTimeout(options.stepTimeoutMs);
      contexts.push(context);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(new URL('/', running().url).href);
      return { page, pageErrors };
    },
  };
}

/** Fills the login form and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

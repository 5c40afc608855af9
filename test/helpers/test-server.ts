// A real Nexus server on a random port with a fresh data directory and the built UI, for the browser suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';

/** Starts the server; the UI must already be built (npm run test:browser builds it first). */
export async function startTestServer(): Promise<{
  url: string;
  adminUsername: string;
  adminPassword: string;
  close(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nexus-browser-'));
  const adminPassword = 'Browser-Chief-Pass-42';
  const config = loadConfig({
    DATA_DIR: dataDir,
    NEXUS_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    // The trading page test funds its traders through their own Deposit buttons, as a sandbox allows.
    NEXUS_SELF_DEPOSITS: 'true',
  });
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await database.migrate();
  const nexus = await compose(config, { logger: false, database });
  const address = await nexus.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    adminUsername: 'admin',
    adminPassword,
    async close() {
      await nexus.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

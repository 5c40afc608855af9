// Entry point for `npm start`: validate configuration, compose, listen, and shut down gracefully on SIGTERM.
import { compose, startupLogger } from './compose.js';
import { ConfigError, loadConfig } from './platform/config.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = startupLogger(config.logLevel);
  const nexus = await compose(config);
  if (nexus.generatedAdminPassword) {
    // Printed once, to the terminal only: it is not stored anywhere in clear.
    console.log(
      `\n  Admin account created. Username: admin  Password: ${nexus.generatedAdminPassword}\n  Change it or set NEXUS_ADMIN_PASSWORD.\n`,
    );
  }
  const address = await nexus.app.listen({ port: config.port, host: config.host });
  log.info(
    {
      address,
      database: config.databaseUrl ? 'postgres' : 'pglite',
      redis: Boolean(config.redisUrl),
      dataDir: config.dataDir,
    },
    `Nexus listening on ${address} (UI /, API /api/v1, docs /docs)`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    await nexus.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});

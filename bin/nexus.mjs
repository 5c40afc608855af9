#!/usr/bin/env node
// The `nexus` command: runs src/cli.ts through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
const code = await runCli(process.argv);
// `serve` keeps the process alive with its server; every other command ends here with its exit code.
process.exitCode = code;

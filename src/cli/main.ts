#!/usr/bin/env node
/** The `switchyard` command. Each subcommand lives in its own file; errors print one line and exit 1. */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.js';
import { CliError } from './fail.js';
import { registerServeCommand } from './serve.js';
import { registerEmulateCommand } from './emulate.js';
import { registerCatalogCommand } from './catalog.js';
import { registerReportCommand } from './report.js';
import { registerRouteCommand } from './route.js';
import { registerKeysCommand } from './keys.js';
import { registerSimulateCommand } from './simulate.js';
import { registerExportCommand } from './export.js';

const program = new Command();
program
  .name('switchyard')
  .description('One OpenAI- and Anthropic-compatible endpoint that routes every request to the cheapest capable model and meters every token.')
  .version('0.1.0')
  .exitOverride()
  // usage errors in the same one-line shape as every other failure (inherited by the subcommands)
  .configureOutput({ outputError: (text, write) => write(`switchyard: ${text.trim().replace(/^error: /, '')} (run with --help for usage)\n`) });

// `switchyard catalog | head`: a reader that stops early is not an error.
const isEpipe = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'EPIPE';
process.stdout.on('error', (err) => {
  if (isEpipe(err)) process.exit(0);
  process.stderr.write(`switchyard: stdout: ${err.message}\n`);
  process.exit(1);
});

registerServeCommand(program);
registerEmulateCommand(program);
registerCatalogCommand(program);
registerReportCommand(program);
registerRouteCommand(program);
registerSimulateCommand(program);
registerExportCommand(program);
registerKeysCommand(program);

function failLine(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; usage errors were already printed by commander.
    process.exit(err.exitCode);
  }
  if (isEpipe(err)) process.exit(0);
  process.stderr.write(`switchyard: ${failLine(err)}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
}

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
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

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
  process.stderr.write(`switchyard: ${failLine(err)}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
}

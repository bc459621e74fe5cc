/**
 * Development entry point for the route command until src/cli/main.ts exists:
 *   tsx scripts/router/cli.ts route score --input FILE.jsonl
 *   tsx scripts/router/cli.ts route eval --data FILE.jsonl
 */
import { Command } from 'commander';
import { registerRouteCommand } from '../../src/cli/route.js';
import { CliError } from '../../src/cli/fail.js';

const program = new Command('switchyard');
registerRouteCommand(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`switchyard: ${message}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});

/**
 * `switchyard emulate`: runs the provider emulator in the foreground (for the offline sandbox, manual
 * testing and benchmarks) until SIGINT/SIGTERM.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { describeEmulator, startEmulator, type Emulator } from '../emulator/index.js';
import { fail } from './fail.js';

interface EmulateOptions {
  port: number;
  host: string;
  latencyMs: number;
  ttftMs: number;
  tokensPerSecond: number;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return n;
}

function port(value: string): number {
  const n = nonNegativeNumber(value);
  if (!Number.isInteger(n) || n > 65535) throw new InvalidArgumentError('expected a port number (0-65535).');
  return n;
}

export function registerEmulateCommand(program: Command): void {
  program
    .command('emulate')
    .description('run the provider emulator (OpenAI- and Anthropic-protocol upstreams with faults) until interrupted')
    .option('--port <n>', 'port to listen on (0 = any free port)', port, 0)
    .option('--host <h>', 'interface to listen on', '127.0.0.1')
    .option('--latency-ms <n>', 'delay before response headers', nonNegativeNumber, 0)
    .option('--ttft-ms <n>', 'delay before the first streamed chunk', nonNegativeNumber, 0)
    .option('--tokens-per-second <n>', 'pace streamed tokens (0 = no pacing)', nonNegativeNumber, 0)
    .action(async (opts: EmulateOptions) => {
      await runEmulator(opts);
    });
}

async function runEmulator(opts: EmulateOptions): Promise<void> {
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      host: opts.host,
      port: opts.port,
      latencyMs: opts.latencyMs,
      ttftMs: opts.ttftMs,
      tokensPerSecond: opts.tokensPerSecond,
    });
  } catch (err) {
    fail(`cannot start the emulator on ${opts.host}:${opts.port}: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.stderr.write(describeEmulator(emulator.url) + '\n');
  const running = emulator;
  // Resolve only after close(), so the command exits with no open handles.
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

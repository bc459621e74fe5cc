/**
 * The provider emulator: a local HTTP server that speaks the OpenAI Chat Completions protocol (with each
 * provider preset's quirks) and the Anthropic Messages protocol, with deterministic replies and faults
 * chosen by the model name. Used by the tests, the benchmark (as the upstream) and the offline sandbox.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from './handler.js';
import { EmulatorState } from './state.js';
import type { Emulator, EmulatorOptions } from './types.js';

export type { Emulator, EmulatorOptions, RecordedRequest } from './types.js';
export { FAULTS, type FaultName } from './traits.js';
export { PRESET_NAMES, type PresetName } from './presets.js';
export { promptTokens, TOKENS_PER_MESSAGE } from './tokens.js';
export { describeEmulator } from './describe.js';

function nonNegative(name: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`emulator option ${name} must be a number >= 0, got ${v}`);
  return v;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  const state = new EmulatorState({
    latencyMs: nonNegative('latencyMs', opts.latencyMs),
    ttftMs: nonNegative('ttftMs', opts.ttftMs),
    tokensPerSecond: nonNegative('tokensPerSecond', opts.tokensPerSecond),
    recordRequests: opts.recordRequests === true,
  });
  const server = createServer({ keepAlive: true, noDelay: true }, createHandler(state));
  // Long keep-alive so a gateway's upstream pool keeps its connections across benchmark phases.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(nonNegative('port', opts.port), host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests: state.records,
    reset: () => state.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        state.timers.clear();
        server.close(() => resolve());
        // Stalled streams and unanswered requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

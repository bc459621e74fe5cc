/** Starts an emulator and a gateway configured against it, in-process, for end-to-end tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { exportTrace } from '../../src/cli/export.js';
import { parseConfig } from '../../src/config/load.js';
import { openLedger } from '../../src/ledger/open.js';
import type { LedgerRecord } from '../../src/ledger/types.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startGateway, type RunningGateway } from '../../src/server/start.js';

export interface Harness {
  emulator: Emulator;
  gateway: RunningGateway;
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** `yaml` may use `EMU` for the emulator's URL and `DIR` for a fresh temp directory. */
export async function startHarness(yaml: string, env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, recordRequests: true });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const text = yaml.replaceAll('EMU', emulator.url).replaceAll('DIR', dir);
  const config = parseConfig(text, env, 'test');
  const gateway = await startGateway(config, { port: 0, host: '127.0.0.1' });
  return {
    emulator,
    gateway,
    url: gateway.url,
    dir,
    async close() {
      await gateway.close(2_000);
      await emulator.close();
    },
  };
}

/** The rows of the ledger at `url` that `match` keeps (all by default); flush the gateway's ledger first. */
export async function readLedger(url: string, match: (row: LedgerRecord) => boolean = () => true): Promise<LedgerRecord[]> {
  const ledger = openLedger(url);
  const rows: LedgerRecord[] = [];
  try {
    for await (const row of ledger.records({})) if (match(row)) rows.push(row);
  } finally {
    await ledger.close();
  }
  return rows;
}

/** What `switchyard export` writes from the harness's ledger (flushed first), as text lines. */
export async function exportedLines(h: Harness): Promise<string[]> {
  await h.gateway.gateway.ledger.flush();
  const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  try {
    await exportTrace(ledger, {}, out);
  } finally {
    await ledger.close();
  }
  return text.trim().split('\n');
}

/** A config with OpenAI-protocol and Anthropic-protocol emulated providers and a few fault models. */
export const STANDARD_CONFIG = `
ledger: sqlite:DIR/ledger.db
baseline: claude-sonnet-4-5
timeouts: { connect_ms: 1000, first_byte_ms: 1500, idle_ms: 800, total_ms: 10000 }
retry: { max_attempts: 3, base_delay_ms: 5, max_delay_ms: 20, retry_after_cap_ms: 1500 }
providers:
  deepseek: { preset: deepseek, base_url: EMU/deepseek/v1, api_key: sk-test-deepseek-SECRET }
  moonshot: { preset: moonshot, base_url: EMU/moonshot/v1, api_key: sk-test-moonshot-SECRET }
  anthropic: { preset: anthropic, base_url: EMU/anthropic, api_key: sk-ant-test-SECRET }
models:
  - { id: flaky, provider: deepseek, upstream: emu-fault-500-once, price: { input: 0.28, output: 0.42, cache_read: 0.028 } }
  - { id: down, provider: deepseek, upstream: emu-fault-503, price: { input: 0.28, output: 0.42 } }
  - { id: limited, provider: deepseek, upstream: emu-fault-429, price: { input: 0.28, output: 0.42 } }
  - { id: slow-retry, provider: deepseek, upstream: emu-fault-429-retry-after-5, price: { input: 0.28, output: 0.42 } }
  - { id: small-context, provider: deepseek, upstream: emu-fault-context-length, price: { input: 0.1, output: 0.2 }, context_window: 8000 }
  - { id: filtered, provider: deepseek, upstream: emu-fault-content-filter, price: { input: 0.1, output: 0.2 } }
  - { id: cut, provider: deepseek, upstream: emu-fault-stream-cut, price: { input: 0.28, output: 0.42 } }
  - { id: stall, provider: deepseek, upstream: emu-fault-stream-stall, price: { input: 0.28, output: 0.42 } }
  - { id: malformed, provider: deepseek, upstream: emu-fault-malformed-chunk, price: { input: 0.28, output: 0.42 } }
  - { id: no-done, provider: deepseek, upstream: emu-fault-no-done, price: { input: 0.28, output: 0.42 } }
  - { id: reset, provider: deepseek, upstream: emu-fault-reset, price: { input: 0.28, output: 0.42 } }
  - { id: silent, provider: deepseek, upstream: emu-fault-no-response, price: { input: 0.28, output: 0.42 } }
  - { id: bad-key, provider: deepseek, upstream: emu-fault-401, price: { input: 0.28, output: 0.42 } }
routes:
  resilient: { targets: [down, deepseek-chat] }
  bigger: { targets: [small-context, kimi-k2.5, deepseek-chat] }
  polite: { targets: [filtered, deepseek-chat] }
  all-down: { targets: [down, limited] }
`;

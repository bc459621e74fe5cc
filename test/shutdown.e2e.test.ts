/**
 * A drain that times out cuts the requests still running; each must still leave its ledger row (billed
 * at what it used) before the ledger closes. They used to be appended after the close and dropped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { startGateway } from '../src/server/start.js';
import { readLedger } from './helpers/harness.js';

let emulator: Emulator | undefined;
afterAll(async () => {
  await emulator?.close();
});

describe('shutdown with requests still running', () => {
  it('records every request the drain cuts, stream and not, before the ledger closes', async () => {
    emulator = await startEmulator({ port: 0, tokensPerSecond: 40 });
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-shutdown-'));
    const config = parseConfig(
      `ledger: sqlite:${dir}/ledger.db\nproviders:\n  deepseek: { preset: deepseek, base_url: ${emulator.url}/deepseek/v1, api_key: sk-test }\nmodels:\n  - { id: long, provider: deepseek, upstream: emu-len-1000, price: { input: 1, output: 2 } }\n`,
      {},
      'test',
    );
    const gw = await startGateway(config, { port: 0, host: '127.0.0.1' });
    const send = (stream: boolean) =>
      fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'long', stream, messages: [{ role: 'user', content: 'Write at length.' }] }),
      }).then(
        async (r) => {
          await r.text().catch(() => '');
          return r.headers.get('x-switchyard-request-id');
        },
        () => null,
      );
    const streamed = send(true);
    const whole = send(false);
    await new Promise((r) => setTimeout(r, 500));
    await gw.close(300);
    await Promise.all([streamed, whole]);

    const rows = await readLedger(`sqlite:${dir}/ledger.db`);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('error');
      expect(row.error_code).toBe('client_closed');
      expect(row.http_status).toBe(499);
      expect(row.cost_pico).toBeGreaterThan(0);
    }
    expect(rows.find((r) => r.stream)!.output_tokens).toBeGreaterThan(0);
  });
});

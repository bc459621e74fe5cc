/** Start-up says which config models have no price (they are metered at $0) instead of overstating savings. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { buildGateway } from '../src/server/start.js';
import { setLogLevel } from '../src/util/log.js';

describe('start-up warnings', () => {
  it('names the config models without a price', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-warn-'));
    const config = parseConfig(
      `ledger: sqlite:${dir}/ledger.db\nproviders:\n  deepseek: { preset: deepseek, api_key: sk-test }\nmodels:\n  - { id: ds-custom, provider: deepseek, upstream: deepseek-chat-custom }\n  - { id: ds-priced, provider: deepseek, upstream: x, price: { input: 1, output: 2 } }\n`,
      {},
      'test',
    );
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as typeof process.stderr.write;
    setLogLevel('warn');
    try {
      const gw = await buildGateway(config);
      await gw.ledger.close();
      await gw.guard.close();
    } finally {
      process.stderr.write = write;
      setLogLevel('error');
    }
    const line = JSON.parse(stderr.trim().split('\n').find((l) => l.includes('without a price'))!) as { models: string[] };
    expect(line.models).toEqual(['ds-custom']);
  });
});

/**
 * The CLI contract, run as users run it: sandbox start-up, SIGTERM drain with no lost ledger row,
 * `report --json`, `--help` everywhere, one-line errors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { cleanEnv, runCli, startServe } from './helpers/cli.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
}

async function chat(url: string, model: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello from the CLI test' }] }),
  });
}

describe('switchyard serve', () => {
  it('starts in sandbox mode with no config and no keys, answers, and shows up in report', async () => {
    const cwd = tmp();
    const s = await startServe(['--port', '0'], { cwd });
    expect(s.stderr()).toMatch(/SANDBOX MODE/);
    const res = await chat(s.url, 'deepseek-chat');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-switchyard-cost-usd'))).toBeGreaterThan(0);
    // every catalog model is served, OpenRouter's included (245 in data/catalog.json)
    expect(s.stderr()).toMatch(/\(245 models, 0 routes, config: sandbox/);
    expect((await chat(s.url, 'openrouter/anthropic/claude-3.5-sonnet')).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const report = await runCli(['report', '--json'], { cwd });
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout) as { requests: number; cost_usd: number; baseline_cost_usd: number; savings_usd: number; tokens: Record<string, number>; by_model: { served_model?: string; model?: string }[] };
    expect(json.requests).toBe(2);
    expect(json.cost_usd).toBeGreaterThan(0);
    expect(json.baseline_cost_usd).toBeGreaterThan(json.cost_usd);
    expect(json.savings_usd).toBeCloseTo(json.baseline_cost_usd - json.cost_usd, 12);
    for (const k of ['input', 'cache_read', 'cache_write', 'output', 'reasoning']) expect(typeof json.tokens[k]).toBe('number');
    expect(json.by_model).toHaveLength(2);
  });

  it('drains in-flight requests on SIGTERM, flushes the ledger and exits within 10 s', async () => {
    const cwd = tmp();
    const config = join(cwd, 'switchyard.yaml');
    writeFileSync(
      config,
      `ledger: sqlite:${cwd}/ledger.db
providers:
  deepseek: { preset: deepseek, base_url: ${emulator.url}/deepseek/v1, api_key: test }
models:
  - { id: slow, provider: deepseek, upstream: emu-fault-slow-first-token, price: { input: 1, output: 2 } }
`,
    );
    const s = await startServe(['--config', config, '--port', '0']);
    const pending = chat(s.url, 'slow');
    await new Promise((r) => setTimeout(r, 400));
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await s.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const report = await runCli(['report', '--config', config, '--json']);
    expect(JSON.parse(report.stdout).requests).toBe(1);
  });

  it('reports every config error by its path and exits non-zero', async () => {
    const cwd = tmp();
    const config = join(cwd, 'bad.yaml');
    writeFileSync(config, `providers:\n  deepseek: { preset: deepseek, base_url: not-a-url }\nroutes:\n  r: { targets: [] }\n`);
    const r = await runCli(['serve', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('providers.deepseek.base_url: must be a URL');
    expect(r.stderr).toContain('routes.r.targets');
    expect(r.stdout).toBe('');
  });

  it('fails with one line for a missing config file', async () => {
    const r = await runCli(['serve', '--config', '/nonexistent/switchyard.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^switchyard: /);
  });
});

describe('--help', () => {
  for (const cmd of [[], ['serve'], ['emulate'], ['catalog'], ['catalog', 'import'], ['report'], ['route', 'score'], ['route', 'eval']]) {
    it(`works for "switchyard ${cmd.join(' ')}"`, async () => {
      const r = await runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: switchyard/);
    });
  }
});

describe('catalog', () => {
  it('prints the catalog as JSON on stdout', async () => {
    const r = await runCli(['catalog', '--json'], { env: cleanEnv() });
    expect(r.code).toBe(0);
    const models = JSON.parse(r.stdout) as { id: string }[];
    expect(models.map((m) => m.id)).toContain('claude-sonnet-4-5');
  });
});

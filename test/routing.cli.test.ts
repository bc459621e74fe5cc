/** `switchyard simulate` and `switchyard export` in-process: flags, outputs, errors, and the round trip ledger -> trace -> simulation. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerExportCommand } from '../src/cli/export.js';
import { CliError } from '../src/cli/fail.js';
import { registerSimulateCommand } from '../src/cli/simulate.js';
import { openLedger } from '../src/ledger/open.js';
import type { LedgerRecord } from '../src/ledger/types.js';
import { SHIPPED_WEIGHTS } from '../src/routing/scorer/index.js';

const FIXTURES = fileURLToPath(new URL('../src/simulate/__fixtures__/', import.meta.url));
const haveWeights = existsSync(SHIPPED_WEIGHTS);

let dir: string;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-routing-cli-'));
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function run(...args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerSimulateCommand(program);
  registerExportCommand(program);
  await program.parseAsync(['node', 'switchyard', ...args]);
}

function config(routes: string): string {
  const path = join(dir, 'switchyard.yaml');
  writeFileSync(path, `ledger: sqlite:${join(dir, 'ledger.db')}\nbaseline: claude-sonnet-4-5\nproviders:\n  deepseek: { preset: deepseek, api_key: k }\n  anthropic: { preset: anthropic, api_key: k }\nroutes:\n${routes}`);
  return path;
}

describe.skipIf(!haveWeights)('switchyard simulate', () => {
  it('prints the strategies side by side', async () => {
    const cfg = config(`  smart: { strategy: auto, cheap: deepseek-chat, premium: claude-sonnet-4-5 }\n`);
    await run('simulate', '--trace', join(FIXTURES, 'routing.jsonl'), '--config', cfg, '--quality', '0,1');
    expect(out).toMatch(/^Trace   .*routing\.jsonl: 3 requests \(routing 3\), 3 with outcome labels$/m);
    expect(out).toMatch(/^STRATEGY\s+REQUESTS\s+COST\s+BASELINE\s+SAVINGS\s+PREMIUM\s+QUALITY$/m);
    expect(out).toMatch(/^all premium \(claude-sonnet-4-5\)\s+3\s+\$\d+\.\d{4}\s+\$\d+\.\d{4}\s+0\.0%\s+100\.0%\s+0\.867$/m);
    expect(out).toMatch(/^auto quality=0 \(never premium\)\s+3 .* 0\.0%\s+0\.400$/m);
    expect(out).toMatch(/^auto quality=1 \(score >= 0\.000\)\s+3 .* 100\.0%\s+0\.867$/m);
    expect(out).toMatch(/^cascade deepseek-chat -> claude-sonnet-4-5\s+3 /m);
  });

  it('prints one JSON object with --json and writes the HTML report', async () => {
    const cfg = config(`  plain: { targets: [deepseek-chat] }\n`);
    const html = join(dir, 'report.html');
    await run('simulate', '--trace', join(FIXTURES, 'agent.jsonl'), '--config', cfg, '--json', '--html', html, '--limit', '2');
    const report = JSON.parse(out) as { requests: number; rows: Array<{ strategy: string; cost_usd_exact: string; savings_pct: number }> };
    expect(report.requests).toBe(2);
    expect(report.rows.map((r) => r.strategy)).toEqual(expect.arrayContaining(['all premium (claude-sonnet-4-5)', 'all cheap (deepseek-chat)', 'route plain (fallback)']));
    expect(readFileSync(html, 'utf8')).toContain('<svg');
  });

  it('fails with one line naming the problem', async () => {
    const cfg = config(`  plain: { targets: [deepseek-chat] }\n`);
    await expect(run('simulate', '--trace', join(dir, 'missing.jsonl'), '--config', cfg)).rejects.toThrow(CliError);
    await expect(run('simulate', '--trace', join(FIXTURES, 'agent.jsonl'), '--config', cfg, '--cheap', 'nope')).rejects.toThrow('--cheap: unknown model "nope" (or it has no price)');
    await expect(run('simulate', '--trace', join(FIXTURES, 'agent.jsonl'), '--config', cfg, '--quality', '2')).rejects.toThrow('--quality needs numbers between 0 and 1');
  });

  it('refuses a trace with nothing to replay, saying why', async () => {
    const cfg = config(`  plain: { targets: [deepseek-chat] }\n`);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n');
    await expect(run('simulate', '--trace', empty, '--config', cfg)).rejects.toThrow(`${empty}: no request to replay (the trace is empty)`);
    const failed = join(dir, 'failed.jsonl');
    writeFileSync(failed, `${JSON.stringify({ source: 'switchyard', id: 'r1', status: 'error', usage: { input_tokens: 1, output_tokens: 0 } })}\n`);
    await expect(run('simulate', '--trace', failed, '--config', cfg)).rejects.toThrow(`${failed}: no request to replay (skipped: 1 failed request)`);
  });
});

function record(i: number, prompt: string | null): LedgerRecord {
  return {
    time: Date.now() - 1_000 + i,
    request_id: `req-${i}`,
    key_id: null,
    project: null,
    session: 'run-1',
    route: null,
    reason: 'model deepseek-chat',
    score: null,
    requested_model: 'deepseek-chat',
    served_model: 'deepseek-chat',
    provider: 'deepseek',
    jurisdiction: 'CN',
    attempts: 1,
    input_tokens: 100,
    cache_read_tokens: 900,
    cache_write_tokens: 0,
    output_tokens: 20,
    reasoning_tokens: 0,
    usage_estimated: false,
    cost_pico: 1_000,
    baseline_cost_pico: 2_000,
    latency_ms: 1,
    ttft_ms: null,
    status: 'ok',
    http_status: 200,
    error_code: null,
    stream: false,
    routing: null,
    prompt,
  };
}

describe('switchyard export', () => {
  it('writes the ledger as a trace the simulator replays, messages only where prompts were logged', async () => {
    const cfg = config(`  plain: { targets: [deepseek-chat] }\n`);
    const ledger = openLedger(`sqlite:${join(dir, 'ledger.db')}`);
    ledger.append(record(1, JSON.stringify([{ role: 'user', content: 'hello' }])));
    ledger.append(record(2, null));
    await ledger.close();
    const trace = join(dir, 'trace.jsonl');
    await run('export', '--trace', trace, '--config', cfg, '--since', '1h');
    expect(err).toContain('exported 2 requests (1 with messages)');
    const lines = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ source: 'switchyard', id: 'req-1', run: 'run-1', messages: [{ role: 'user', content: 'hello' }], usage: { input_tokens: 1000, cached_tokens: 900 } });
    expect(lines[1]).not.toHaveProperty('messages');
    out = '';
    await run('simulate', '--trace', trace, '--config', cfg, '--json', '--quality', '0.5');
    expect((JSON.parse(out) as { requests: number; formats: Record<string, number> }).formats).toEqual({ switchyard: 2 });
  });

  it('explains a missing ledger', async () => {
    const cfg = config(`  plain: { targets: [deepseek-chat] }\n`);
    await expect(run('export', '--trace', join(dir, 't.jsonl'), '--config', cfg)).rejects.toThrow(/^no ledger at /);
    await expect(run('export', '--trace', '-', '--ledger', 'none')).rejects.toThrow('the ledger is disabled');
  });
});

/**
 * Calibrating the quality knob to your own traffic, end to end: `switchyard route calibrate` on a ledger
 * export, then the same table through `simulate --calibration` and through a live gateway's
 * `router.calibration` (with a check that a table made for other weights is refused at start-up).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityToThreshold } from '../src/routing/strategies/auto-threshold.js';
import { SHIPPED_WEIGHTS } from '../src/routing/scorer/index.js';
import { runCli } from './helpers/cli.js';
import { startHarness, type Harness } from './helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-calibrate-'));
const trace = join(dir, 'export.jsonl');
const calibration = join(dir, 'calibration.json');
const EXAMPLE = join(import.meta.dirname, '../examples/routing.yaml');

/** 240 exported requests with prompts of different kinds and lengths (deterministic). */
function writeTrace(): void {
  const topics = [
    'hi there',
    'What is the capital of Peru?',
    'Implement a thread-safe LRU cache in Go with O(1) get and put, and explain the locking.',
    'Write a haiku about autumn rain.',
    'Prove that the square root of 2 is irrational.',
    'Summarise this paragraph: the meeting moved to Thursday because the venue was double-booked.',
  ];
  const lines: string[] = [];
  for (let i = 0; i < 240; i++) {
    const content = `${topics[i % topics.length]} ${'Please be thorough. '.repeat(i % 7)}(#${i})`;
    lines.push(
      JSON.stringify({
        source: 'switchyard',
        id: `req-${i}`,
        time: '2026-11-28T10:00:00.000Z',
        run: null,
        messages: [{ role: 'user', content }],
        usage: { input_tokens: 200 + i, cached_tokens: 0, cache_write_tokens: 0, output_tokens: 50, reasoning_tokens: 0 },
        model: 'deepseek-chat',
        requested_model: 'smart',
        route: 'smart',
        reason: 'auto',
        score: 0.5,
        cost_usd: '0.0001',
        baseline_cost_usd: '0.001',
        status: 'ok',
        key_id: null,
        project: null,
        meta: {},
      }),
    );
  }
  writeFileSync(trace, lines.join('\n') + '\n');
}

interface CalibrationJson {
  format: string;
  score_quantiles: number[];
  weights_sha256: string;
  source: { trace: string; requests: number };
}

let table: number[];

beforeAll(async () => {
  writeTrace();
  const r = await runCli(['route', 'calibrate', '--trace', trace, '--out', calibration]);
  expect(r.code, r.stderr).toBe(0);
  table = (JSON.parse(readFileSync(calibration, 'utf8')) as CalibrationJson).score_quantiles;
});

describe('switchyard route calibrate', () => {
  it('writes the score quantiles of the traffic, tied to the weights that scored it', async () => {
    const file = JSON.parse(readFileSync(calibration, 'utf8')) as CalibrationJson;
    expect(file.format).toBe('switchyard-calibration/1');
    expect(file.source.requests).toBe(240);
    expect(file.score_quantiles).toHaveLength(101);
    for (let k = 1; k < 101; k++) expect(file.score_quantiles[k]!).toBeGreaterThanOrEqual(file.score_quantiles[k - 1]!);
    expect(file.weights_sha256).toBe(createHash('sha256').update(readFileSync(SHIPPED_WEIGHTS)).digest('hex'));
    // without --out the file goes to stdout; the summary to stderr
    const r = await runCli(['route', 'calibrate', '--trace', trace, '--points', '11']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as CalibrationJson).score_quantiles).toHaveLength(11);
    expect(r.stderr).toMatch(/0\.50\s+\d\.\d{3}\s+50\.0%/);
  });

  it('refuses a trace without prompts with a clear error', async () => {
    const empty = join(dir, 'no-prompts.jsonl');
    const line = JSON.parse(readFileSync(trace, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    delete line.messages;
    writeFileSync(empty, JSON.stringify(line) + '\n');
    const r = await runCli(['route', 'calibrate', '--trace', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no request with a prompt.*logging\.prompts/);
  });

  it('makes quality the premium share of that traffic in the simulator', async () => {
    const r = await runCli(['simulate', '--trace', trace, '--config', EXAMPLE, '--calibration', calibration, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { calibration: string; rows: Array<{ strategy: string; premium_share: number }> };
    expect(report.calibration).toBe(calibration);
    for (const q of [0.2, 0.4, 0.6, 0.8]) {
      const row = report.rows.find((x) => x.strategy.startsWith(`auto quality=${q} `))!;
      expect(Math.abs(row.premium_share - q)).toBeLessThan(0.03);
    }
    // a table for other weights is refused
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(calibration, 'utf8')), weights_sha256: '0'.repeat(64) }));
    const bad = await runCli(['simulate', '--trace', trace, '--config', EXAMPLE, '--calibration', other]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/made for other router weights/);
  });
});

describe('router.calibration in a live gateway', () => {
  let h: Harness;
  const yaml = (file: string): string => `
ledger: sqlite:DIR/ledger.db
baseline: premium-model
providers:
  emu: { preset: openai, base_url: EMU/v1, api_key: test }
models:
  - { id: cheap-model, provider: emu, upstream: cheap-model, price: { input: 0.1, output: 0.2 } }
  - { id: premium-model, provider: emu, upstream: premium-model, price: { input: 3, output: 15 } }
routes:
  smart: { strategy: auto, cheap: [cheap-model], premium: [premium-model], quality: 0.5 }
router:
  calibration: ${file}
`;

  beforeAll(async () => {
    h = await startHarness(yaml(calibration));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('maps quality through the calibration file', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'Write a haiku about autumn rain.' }] }),
    });
    expect(res.status).toBe(200);
    const expected = qualityToThreshold(0.5, table).toFixed(3);
    expect(res.headers.get('x-switchyard-decision')).toMatch(new RegExp(`auto score=[0-9.]+ (<|>=) ${expected.replace('.', '\\.')} -> (cheap|premium)`));
  });

  it('refuses to start with a table made for other weights', async () => {
    const other = join(dir, 'other-live.json');
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(calibration, 'utf8')), weights_sha256: 'f'.repeat(64) }));
    await expect(startHarness(yaml(other))).rejects.toThrow(/made for other router weights/);
  });
});

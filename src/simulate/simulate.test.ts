import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../ledger/types.js';
import { markerScorer, TEST_CATALOG, testConfig, testRouter } from '../routing/strategies/fixtures.testkit.js';
import { mergeAttempts, toExportLine } from './export-format.js';
import { renderHtml } from './html.js';
import { parseTraceLine, TraceError } from './parse-line.js';
import { readTrace } from './read-trace.js';
import { buildReport } from './report.js';
import { contextFor, requestFor } from './replay.js';
import { planFor, runSimulation } from './run.js';
import { buildSimulation } from './scenarios.js';
import { simulate } from './simulate.js';
import { renderMarkdown, renderReport } from './table.js';
import type { TraceRecord } from './trace-types.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

const config = testConfig(`
  smart: { strategy: auto, cheap: cheap-cn, premium: big-us, quality: 0.5 }
  careful: { strategy: cascade, cheap: cheap-cn, premium: big-us }
  small: { targets: [cheap-cn] }
`);

function row(report: ReturnType<typeof simulate>, label: string) {
  const r = report.rows.find((x) => x.strategy === label);
  if (!r) throw new Error(`no row ${label}: ${report.rows.map((x) => x.strategy).join(', ')}`);
  return r;
}

describe('reading traces', () => {
  it('reads the agent trace format, restoring the run task on cut records', () => {
    const t = readTrace(fixture('agent.jsonl'));
    expect(t.records.map((r) => r.id)).toEqual(['r1#1', 'r1#2', 'r2#1']);
    expect(t.formats).toEqual({ agent: 3 });
    expect(t.records[0]!.usage).toEqual({ input: 1000, cached: 800, cacheWrite: 0, output: 100 });
    expect(t.records[2]!.usage.cached).toBe(0);
    expect(t.records[1]!.request.tools).toEqual([{ type: 'function', function: { name: 'bash' } }]);
    expect(t.restoredHeads).toBe(1);
    expect(t.records[1]!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
  });

  it('leaves the messages of a gateway export as the live router saw them (no run head restored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-export-'));
    const file = join(dir, 'export.jsonl');
    const line = (id: string, messages: unknown[]) =>
      JSON.stringify({ source: 'switchyard', id, time: '2026-11-29T00:00:00.000Z', run: 'sess', model: 'cheap-cn', served_model: 'cheap-cn', status: 'ok', usage: { input_tokens: 10, cached_tokens: 0, cache_write_tokens: 0, output_tokens: 5, reasoning_tokens: 0 }, messages, meta: {} });
    writeFileSync(file, [line('a', [{ role: 'system', content: 'task' }, { role: 'user', content: 'first' }]), line('b', [{ role: 'assistant', content: 'ok' }, { role: 'tool', tool_call_id: 't', content: 'out' }])].join('\n') + '\n');
    const t = readTrace(file);
    expect(t.formats).toEqual({ switchyard: 2 });
    expect(t.restoredHeads).toBe(0);
    expect(t.records[1]!.messages.map((m) => m.role)).toEqual(['assistant', 'tool']);
  });

  it('reads routing data with outcome labels', () => {
    const t = readTrace(fixture('routing.jsonl'), { limit: 2 });
    expect(t.records).toHaveLength(2);
    expect(t.records[1]).toMatchObject({ id: 'q-2', format: 'routing', usage: { input: 200, cached: 0 }, outcome: { weak: { score: 0, outputTokens: 30 }, strong: { score: 1, outputTokens: 40 } } });
  });

  it('reads the gateway export, skipping failed requests', () => {
    const t = readTrace(fixture('export.jsonl'));
    expect(t.records.map((r) => r.id)).toEqual(['req-1', 'req-3']);
    expect(t.skipReasons).toEqual({ 'failed request': 1 });
    expect(t.records[0]).toMatchObject({ run: 's1', keyId: 'key-1', project: 'proj-a', usage: { input: 300, cached: 0, cacheWrite: 100, output: 30 } });
    expect(t.records[1]!.messages).toEqual([]);
  });

  it('replays lines without usage: request bodies and route score lines, with tokens estimated and flagged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-sim-'));
    const path = join(dir, 'prompts.jsonl');
    const body = {
      id: 7, model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      headers: { 'X-Switchyard-Quality': '1' }, temperature: 0.2,
    };
    writeFileSync(path, [
      JSON.stringify(body),
      JSON.stringify({ id: 'q', messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(400) }] }] }),
      JSON.stringify({ run: 'r', step: 1, messages: [{ role: 'user', content: 'hi' }], usage: { input_tokens: 5 } }),
    ].join('\n'));
    const t = readTrace(path, { assumedOutput: 300 });
    expect(t.formats).toEqual({ prompt: 2, agent: 1 });
    const [req, plain, partial] = t.records;
    expect(req).toMatchObject({ id: '7', format: 'prompt', observedModel: 'gpt-4o', headers: { 'x-switchyard-quality': '1' }, estimated: { input: true, output: true } });
    // the fields routing reads are kept; sampling parameters are not
    expect(Object.keys(req!.request).sort()).toEqual(['max_tokens', 'tools']);
    // input estimated as the gateway does (tool definitions count); output assumed, capped by max_tokens
    expect(req!.usage.input).toBeGreaterThan(10);
    expect(req!.usage.output).toBe(100);
    expect(plain!.usage).toMatchObject({ output: 300 });
    expect(plain!.usage.input).toBeGreaterThanOrEqual(100);
    expect(partial).toMatchObject({ format: 'agent', usage: { input: 5, output: 300 }, estimated: { input: false, output: true } });
    expect([t.estimatedInput, t.estimatedOutput, t.assumedOutput]).toEqual([2, 3, 300]);
  });

  it('rejects a line without usage whose request fields are invalid, naming the field', () => {
    expect(() => parseTraceLine('{"messages": "hi"}', 4, 't.jsonl')).toThrow(/^t\.jsonl:4: messages must be an array/);
    expect(() => parseTraceLine('{"messages": [], "usage": {"input_tokens": "many"}}', 5, 't.jsonl')).toThrow(/^t\.jsonl:5: usage\.input_tokens must be a non-negative number/);
    expect(() => parseTraceLine('{"messages": [], "tools": "all"}', 6, 't.jsonl')).toThrow(/^t\.jsonl:6: tools/);
    expect(() => parseTraceLine('{"messages": [], "max_tokens": -1}', 7, 't.jsonl')).toThrow(/^t\.jsonl:7: max_tokens/);
    expect(() => parseTraceLine('{"messages": [], "usage": "123"}', 8, 't.jsonl')).toThrow(/^t\.jsonl:8: usage must be an object/);
    expect(() => parseTraceLine('{"messages": [], "weak": {"score": 1}}', 9, 't.jsonl')).toThrow(/^t\.jsonl:9: routing data needs both weak and strong/);
  });

  it('reads prompt lines as leniently as route score, and never crashes on malformed parts', () => {
    const empty = parseTraceLine('{"id": "e", "messages": []}', 1, 't.jsonl');
    expect(empty).toMatchObject({ id: 'e', format: 'prompt', messages: [] });
    const odd = parseTraceLine('{"messages": [{"role": "developer", "content": [{"type": "input_text", "text": "hi"}]}]}', 2, 't.jsonl');
    expect(odd).toMatchObject({ id: 'line-2', format: 'prompt' });
    // a part without its text, with and without usage: estimated, not a crash
    const bad = '[{"role": "user", "content": [{"type": "text"}, {"type": "image_url"}]}]';
    expect(parseTraceLine(`{"run": "r", "step": 1, "messages": ${bad}, "usage": {"output_tokens": 5}}`, 3, 't.jsonl')).toMatchObject({ format: 'agent', usage: { output: 5 } });
    expect(parseTraceLine(`{"messages": ${bad}}`, 4, 't.jsonl')).toMatchObject({ format: 'prompt' });
    // parts the estimator cannot count (it would give NaN) fall back to the size estimate too
    const odd2 = '[{"role": "user", "content": [{"type": "text", "text": 5}]}, {"role": "assistant", "content": null, "tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "arguments": {"a": 1}}}]}]';
    for (const line of [`{"messages": ${odd2}}`, `{"run": "r", "step": 1, "messages": ${odd2}, "usage": {"output_tokens": 1}}`]) {
      const rec = parseTraceLine(line, 5, 't.jsonl') as TraceRecord;
      expect(Number.isFinite(rec.usage.input) && rec.usage.input > 0).toBe(true);
    }
    // an agent step without usage keeps the request fields and headers it carries
    const step = parseTraceLine('{"run": "r", "step": 3, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 10, "response_format": {"type": "json_object"}, "headers": {"X-Route": "a"}}', 6, 't.jsonl');
    expect(step).toMatchObject({ format: 'agent', id: 'r#3', run: 'r', request: { max_tokens: 10, response_format: { type: 'json_object' } }, headers: { 'x-route': 'a' }, usage: { output: 10 } });
    // an agent line without usage stays an agent line; tools are inferred from tool calls either way
    const call = '[{"role": "assistant", "content": null, "tool_calls": [{"id": "1", "type": "function", "function": {"name": "bash", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "1", "content": "ok"}]';
    expect(parseTraceLine(`{"run": "r", "step": 2, "messages": ${call}}`, 5, 't.jsonl')).toMatchObject({ format: 'agent', id: 'r#2', request: { tools: [{ function: { name: 'bash' } }] } });
    expect(parseTraceLine(`{"messages": ${call}}`, 6, 't.jsonl')).toMatchObject({ format: 'prompt', request: { tools: [{ function: { name: 'bash' } }] } });
  });

  it('names the file and line of a line it cannot read', () => {
    expect(() => parseTraceLine('{"x": 1}', 7, 't.jsonl')).toThrow(TraceError);
    expect(() => parseTraceLine('{"x": 1}', 7, 't.jsonl')).toThrow(/^t\.jsonl:7: not a trace line/);
    expect(() => parseTraceLine('nope', 3, 't.jsonl')).toThrow(/^t\.jsonl:3: not valid JSON/);
    expect(() => readTrace('/no/such/file.jsonl')).toThrow(/cannot read \/no\/such\/file\.jsonl: ENOENT/);
  });

  it('round-trips a ledger record through the export format', () => {
    const record: LedgerRecord = {
      time: Date.UTC(2026, 6, 24),
      request_id: 'req-9',
      key_id: 'key-1',
      project: 'p',
      session: 'sess',
      route: 'smart',
      reason: 'auto score=0.1 < 0.5 -> cheap',
      score: 0.1,
      requested_model: 'smart',
      served_model: 'cheap-cn',
      provider: 'deepseek',
      jurisdiction: 'CN',
      attempts: 1,
      input_tokens: 100,
      cache_read_tokens: 900,
      cache_write_tokens: 0,
      output_tokens: 50,
      reasoning_tokens: 0,
      usage_estimated: false,
      cost_pico: 123_000,
      baseline_cost_pico: 456_000,
      latency_ms: 12.5,
      ttft_ms: null,
      status: 'ok',
      http_status: 200,
      error_code: null,
      stream: false,
      superseded: false,
      routing: null,
      prompt: JSON.stringify([{ role: 'user', content: 'hi' }]),
    };
    const line = toExportLine(record);
    expect(line).toMatchObject({ id: 'req-9', run: 'sess', cost_usd: '0.000000123', usage: { input_tokens: 1000, cached_tokens: 900 }, messages: [{ role: 'user', content: 'hi' }] });
    const back = parseTraceLine(JSON.stringify(line), 1, 'x');
    expect(back).toMatchObject({ id: 'req-9', run: 'sess', format: 'switchyard', observedModel: 'cheap-cn', usage: { input: 1000, cached: 900, output: 50 } });
    expect(toExportLine({ ...record, prompt: '[{"role":"user","con' }).meta.prompt_truncated).toBe(true);
    expect(toExportLine({ ...record, prompt: null }).messages).toBeUndefined();
  });

  it('replays an exported request with its recorded routing inputs, prompt or not', () => {
    const routing = {
      input_tokens: 2500, max_tokens: 64, stream: true, tools: ['lookup'], tool_choice: 'auto', response_format: 'json_schema', images: 2,
      headers: { 'x-switchyard-quality': '1', 'x-team': 'eu' }, metadata: { tier: 'gold' },
    };
    const record = { ...baseRecord(), prompt: null, routing: JSON.stringify(routing) };
    const line = toExportLine(record);
    expect(line.routing).toEqual(routing);
    const back = parseTraceLine(JSON.stringify(line), 1, 'x') as TraceRecord;
    const request = requestFor(back, 'smart');
    expect(request).toMatchObject({
      max_tokens: 64, stream: true, tools: [{ type: 'function', function: { name: 'lookup' } }], tool_choice: 'auto',
      response_format: { type: 'json_schema' }, metadata: { tier: 'gold' },
    });
    // no prompt: two image parts stand in, so the vision constraint applies as it did live
    expect(back.messages).toEqual([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }, { type: 'image_url', image_url: { url: 'data:,' } }] }]);
    expect(contextFor(back)).toMatchObject({ inputTokens: 2500, headers: { 'x-switchyard-quality': '1', 'x-team': 'eu' }, keyId: 'key-1', project: 'p' });
    // an older row without routing inputs replays on observed usage, as before
    expect(contextFor(parseTraceLine(JSON.stringify(toExportLine(baseRecord())), 1, 'x') as TraceRecord)).toEqual({ inputTokens: 1000, keyId: 'key-1', project: 'p' });
  });

  it('merges the two ledger rows of an escalated cascade into one line that carries both costs', () => {
    const cheap = toExportLine({ ...baseRecord(), served_model: 'cheap-cn', cost_pico: 1_000_000 });
    const premium = toExportLine({ ...baseRecord(), served_model: 'big-us', cost_pico: 30_000_000 });
    const merged = mergeAttempts(cheap, premium);
    expect(merged).toMatchObject({ id: 'req-9', model: 'big-us', cost_usd: '0.000031', meta: { ledger_rows: 2, first_attempt_model: 'cheap-cn' } });
    // a failed escalation's row is written before the cheap answer it left standing
    const failed = toExportLine({ ...baseRecord(), served_model: 'big-us', cost_pico: 0, status: 'error', http_status: 200, error_code: 'SY_ERR_UPSTREAM' });
    const kept = mergeAttempts(failed, cheap);
    expect(kept).toMatchObject({ model: 'cheap-cn', status: 'ok', cost_usd: '0.000001', meta: { ledger_rows: 2, first_attempt_model: 'cheap-cn', failed_attempt_model: 'big-us' } });
  });
});

function baseRecord(): LedgerRecord {
  return {
    time: Date.UTC(2026, 6, 24), request_id: 'req-9', key_id: 'key-1', project: 'p', session: 'sess', route: 'smart',
    reason: 'auto score=0.1 < 0.5 -> cheap', score: 0.1, requested_model: 'smart', served_model: 'cheap-cn', provider: 'deepseek',
    jurisdiction: 'CN', attempts: 1, input_tokens: 100, cache_read_tokens: 900, cache_write_tokens: 0, output_tokens: 50,
    reasoning_tokens: 0, usage_estimated: false, cost_pico: 123_000, baseline_cost_pico: 456_000, latency_ms: 12.5, ttft_ms: null,
    status: 'ok', http_status: 200, error_code: null, stream: false, superseded: false, routing: null, prompt: null,
  };
}

describe('simulation', () => {
  it('costs each strategy exactly with the observed usage (agent trace)', () => {
    const report = simulate({ tracePath: fixture('agent.jsonl'), config, catalog: TEST_CATALOG, scorer: markerScorer() });
    expect(report.rows.map((r) => r.strategy)).toEqual([
      'all premium (big-us)',
      'all cheap (cheap-cn)',
      'route smart (auto)',
      'route small (fallback)',
      'auto quality=0.2 (score >= 0.800)',
      'auto quality=0.4 (score >= 0.600)',
      'auto quality=0.6 (score >= 0.400)',
      'auto quality=0.8 (score >= 0.200)',
    ]);
    expect(report.notes[0]).toMatch(/route careful \(cascade\) not simulated/);
    const premium = row(report, 'all premium (big-us)');
    // pico-USD: big-us 200 x 3e6 + 800 x 0.3e6 + 100 x 15e6, 1000 x 3e6 + 1000 x 0.3e6 + 50 x 15e6, 500 x 3e6 + 20 x 15e6
    expect(premium.cost_usd_exact).toBe('0.00819');
    expect(premium.savings_pct).toBe(0);
    expect(premium.premium_share).toBe(1);
    const cheap = row(report, 'all cheap (cheap-cn)');
    expect(cheap.cost_usd_exact).toBe('0.0005978');
    expect(cheap.baseline_cost_usd_exact).toBe('0.00819');
    const smart = row(report, 'route smart (auto)');
    expect(smart.cost_usd_exact).toBe('0.0065384');
    expect(smart.premium_share).toBeCloseTo(2 / 3);
    expect(smart.quality).toBeNull();
    expect(smart.models).toEqual({ 'big-us': 2, 'cheap-cn': 1 });
    expect(row(report, 'auto quality=0.8 (score >= 0.200)').premium_share).toBe(1);
  });

  it('uses outcome labels for quality, tier output tokens, and an oracle cascade (routing data)', () => {
    const report = simulate({ tracePath: fixture('routing.jsonl'), config, catalog: TEST_CATALOG, scorer: markerScorer() });
    expect(row(report, 'all premium (big-us)')).toMatchObject({ cost_usd_exact: '0.002025', quality: expect.closeTo((1 + 1 + 0.6) / 3) });
    expect(row(report, 'all cheap (cheap-cn)')).toMatchObject({ cost_usd_exact: '0.0001169', quality: expect.closeTo(0.4) });
    expect(row(report, 'route smart (auto)')).toMatchObject({ cost_usd_exact: '0.0014572', premium_share: 2 / 3 });
    const cascade = row(report, 'route careful (cascade)');
    expect(cascade).toMatchObject({ cost_usd_exact: '0.0015419', escalated: 2, premium_share: 2 / 3, quality: expect.closeTo((1 + 1 + 0.6) / 3) });
    expect(report.labelled).toBe(3);
    expect(renderReport(report)).toMatch(/route careful \(cascade\)\s+3\s+\$0\.0015\s+\$0\.0020\s+23\.9%\s+66\.7%\s+0\.867/);
  });

  it('notes routing-data lines without output tokens (costed as input only)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sim-')), 'no-output.jsonl');
    const line = (id: string) => JSON.stringify({ id, messages: [{ role: 'user', content: 'q' }], weak: { score: 1 }, strong: { score: 1 }, prompt_tokens: 10 });
    writeFileSync(path, `${line('a')}\n${line('b')}\n`);
    const report = simulate({ tracePath: path, config, catalog: TEST_CATALOG, scorer: markerScorer() });
    expect(report.notes).toContain('2 routing-data lines have no output_tokens for either model: their output is costed as 0 tokens (input only)');
  });

  it('replays request bodies through the routes, with their headers, and notes the assumed output', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sim-')), 'bodies.jsonl');
    const line = (text: string, headers?: Record<string, string>) => JSON.stringify({ messages: [{ role: 'user', content: text }], ...(headers ? { headers } : {}) });
    writeFileSync(path, `${line('easy [[0.1]]')}\n${line('easy [[0.1]]', { 'x-switchyard-quality': '1' })}\n${line('hard [[0.9]]')}\n`);
    const report = simulate({ tracePath: path, config, catalog: TEST_CATALOG, scorer: markerScorer(), assumedOutput: 50 });
    // quality 0.5 sends only the hard one to premium; the header's quality 1 sends the second one too
    expect(row(report, 'route smart (auto)').premium_share).toBeCloseTo(2 / 3);
    expect(report.formats).toEqual({ prompt: 3 });
    expect([report.estimated_input, report.assumed_output, report.assumed_output_tokens]).toEqual([3, 3, 50]);
    expect(report.notes).toContain('3 requests recorded no output tokens; costed at 50 each (--output-tokens), or their max_tokens when lower');
    expect(report.notes).toContain('3 requests recorded no input tokens; estimated from their prompts as the gateway estimates them');
  });

  it('adds a cascade row from the auto tiers when labels exist and no cascade route is configured', () => {
    const noCascade = testConfig(`  smart: { strategy: auto, cheap: cheap-cn, premium: big-us }\n`);
    const report = simulate({ tracePath: fixture('routing.jsonl'), config: noCascade, catalog: TEST_CATALOG, scorer: markerScorer(), failBelow: 0.1 });
    expect(row(report, 'cascade cheap-cn -> big-us')).toMatchObject({ escalated: 1, requests: 3 });
  });

  it('honours --cheap, --premium and the quality list', () => {
    const report = simulate({ tracePath: fixture('routing.jsonl'), config, catalog: TEST_CATALOG, scorer: markerScorer(), cheap: 'eu-small', premium: 'mid-cn', qualities: [0.5] });
    expect(report.rows.map((r) => r.strategy)).toContain('all cheap (eu-small)');
    expect(row(report, 'auto quality=0.5 (score >= 0.500)').models).toEqual({ 'eu-small': 1, 'mid-cn': 2 });
  });

  it('leaves out the auto rows without a scorer, and fails on an auto route', () => {
    const plain = testConfig(`  small: { targets: [cheap-cn] }\n`);
    const report = simulate({ tracePath: fixture('agent.jsonl'), config: plain, catalog: TEST_CATALOG });
    expect(report.rows).toHaveLength(3);
    expect(report.notes).toContain('auto rows not simulated: no difficulty scorer (router weights) available');
    expect(() => simulate({ tracePath: fixture('agent.jsonl'), config, catalog: TEST_CATALOG })).toThrow(/auto needs the difficulty scorer/);
  });

  it('counts requests the router refuses instead of costing them', () => {
    const big: TraceRecord = { line: 1, id: 'x', format: 'agent', messages: [{ role: 'user', content: 'x' }], request: {}, usage: { input: 100_000, cached: 0, cacheWrite: 0, output: 1 } };
    const setup = buildSimulation(config, TEST_CATALOG, markerScorer(), [big]);
    const result = runSimulation(setup, [big]);
    const small = result.scenarios.find((s) => s.label === 'route small (fallback)')!;
    expect(small).toMatchObject({ requests: 0, failed: 1, failures: { SY_ERR_CONTEXT_LENGTH: 1 } });
    expect(buildReport({ path: 'p', records: [big], skipped: 0, skipReasons: {}, formats: {}, restoredHeads: 0, estimatedInput: 0, estimatedOutput: 0, assumedOutput: 256 }, setup, result, 'c').notes).toContain(
      'route small (fallback): 1 requests refused by the router (SY_ERR_CONTEXT_LENGTH 1); not costed',
    );
  });

  it('notes when rules read a credential-like header that exported requests cannot carry', () => {
    const withSecretRule = testConfig(`  gated: { strategy: rules, rules: [{ when: { headers: { x-auth-token: abc } }, target: big-us }], default: cheap-cn }\n`);
    const t = readTrace(fixture('export.jsonl'));
    expect(buildSimulation(withSecretRule, TEST_CATALOG, markerScorer(), t.records).notes.join('\n')).toMatch(/rules read x-auth-token, which the ledger never records/);
    expect(buildSimulation(config, TEST_CATALOG, markerScorer(), t.records).notes.join('\n')).not.toMatch(/never records/);
  });

  it('with cache affinity, a switch of model within a run pays its input uncached', () => {
    const step = (n: number, marker: number): TraceRecord => ({
      line: n,
      id: `r#${n}`,
      format: 'agent',
      run: 'r',
      messages: [{ role: 'user', content: `step [[${marker}]]` }],
      request: {},
      usage: { input: 1000, cached: 900, cacheWrite: 0, output: 0 },
    });
    const records = [step(1, 0.9), step(2, 0.1), step(3, 0.1)];
    const setup = buildSimulation(config, TEST_CATALOG, markerScorer(), records, { qualities: [] });
    const smart = (mode: 'observed' | 'affinity') => runSimulation(setup, records, { cacheMode: mode }).scenarios.find((s) => s.label === 'route smart (auto)')!;
    // step 2 switches big-us -> cheap-cn: 1000 uncached instead of 100 + 900 cached
    expect(smart('affinity').costPico - smart('observed').costPico).toBe(900n * (280_000n - 28_000n));
  });

  it('plans with the live routing function: the same request and context give the same plan', () => {
    const t = readTrace(fixture('export.jsonl'));
    const setup = buildSimulation(config, TEST_CATALOG, markerScorer(), t.records);
    const live = testRouter(config, markerScorer());
    for (const rec of t.records) {
      for (const route of ['smart', 'careful', 'cheap-cn']) {
        expect(planFor(setup, rec, route)).toEqual(live.plan(requestFor(rec, route), contextFor(rec)));
      }
    }
  });

  it('replays traffic that came through model_map under the client\'s name, so rules on when.model decide as live', () => {
    const mapped = testConfig(`  tenant: { strategy: rules, rules: [{ name: mapped, when: { model: "claude-*" }, target: big-us }], default: cheap-cn }\n`, `model_map: { "claude-*haiku*": tenant }\n`);
    const line = (requested: string) =>
      JSON.stringify({
        source: 'switchyard',
        id: `r-${requested}`,
        time: '2026-11-28T00:00:00.000Z',
        messages: [{ role: 'user', content: 'hi' }],
        usage: { input_tokens: 10, cached_tokens: 0, cache_write_tokens: 0, output_tokens: 5, reasoning_tokens: 0 },
        model: 'big-us',
        requested_model: requested,
        route: 'tenant',
        status: 'ok',
        meta: {},
      });
    const recs = [line('claude-3-5-haiku-20241022'), line('tenant')].map((l, i) => parseTraceLine(l, i + 1, 'export.jsonl') as TraceRecord);
    expect(recs[0]!.requestedModel).toBe('claude-3-5-haiku-20241022');
    const setup = buildSimulation(mapped, TEST_CATALOG, markerScorer(), recs);
    const live = testRouter(mapped, markerScorer());
    expect(planFor(setup, recs[0]!, 'tenant').decision).toBe('rule mapped -> big-us');
    expect(planFor(setup, recs[0]!, 'tenant')).toEqual(live.plan(requestFor(recs[0]!, 'claude-3-5-haiku-20241022'), contextFor(recs[0]!)));
    expect(planFor(setup, recs[1]!, 'tenant').decision).toMatch(/-> cheap-cn/);
  });

  it('renders a self-contained HTML report with an SVG chart, and a Markdown table', () => {
    const report = simulate({ tracePath: fixture('routing.jsonl'), config, catalog: TEST_CATALOG, scorer: markerScorer() });
    const html = renderHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('quality (mean label score)');
    expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\/|<script|<link/);
    expect(renderMarkdown(report.rows).split('\n')[0]).toBe('| strategy | requests | cost | baseline cost | savings | premium share | quality |');
  });
});

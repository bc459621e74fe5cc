#!/usr/bin/env node
/**
 * Difficulty-scorer speed: latency per prompt (p50/p90/p99/max) for ~8k-token prompts of several kinds,
 * and throughput (prompts/s) on short benchmark prompts and on agent-trace steps.
 *
 *   npm run build && node bench/router.mjs          (compiled scorer from dist/)
 *   npx tsx bench/router.mjs                        (straight from src/, no build)
 *
 * Options: --n N (timed calls per case, default 3000), --weights FILE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const N = Number(opt('--n', '3000'));

const dist = `${root}dist/routing/scorer/index.js`;
const mod = existsSync(dist) && !process.env.ROUTER_BENCH_SRC ? await import(dist) : await import(`${root}src/routing/scorer/index.ts`);
const from = existsSync(dist) && !process.env.ROUTER_BENCH_SRC ? 'dist' : 'src (tsx)';
const scorer = mod.loadScorer(opt('--weights', undefined));

// ------------------------------------------------------------------ inputs
const CHARS_8K = 32_000; // ~8k tokens at 4 chars/token
const shared = `${root}../shared/data`;
const readJsonl = (p, max) => {
  if (!existsSync(p)) return [];
  const out = [];
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    out.push(JSON.parse(line));
    if (out.length >= max) break;
  }
  return out;
};
const mmlu = readJsonl(`${shared}/routing/mmlu_pro_flash_pro_dev.jsonl`, 2000);
const trace = readJsonl(`${shared}/traces/agent_trace.jsonl`, 2000);

const prose = (mmlu.length ? mmlu.map((r) => r.messages[0].content).join('\n\n') : 'The quick brown fox jumps over the lazy dog. ').repeat(4);
const codeUnit = [
  'export function merge(a: number[], b: number[]): number[] {',
  '  const out: number[] = [];',
  '  let i = 0, j = 0;',
  '  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? a[i++] : b[j++]);',
  '  return out.concat(a.slice(i), b.slice(j));',
  '}',
  '',
].join('\n');
const fill = (s, n) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

const cases = [
  ['8k prose (one user turn)', [{ role: 'user', content: fill(prose, CHARS_8K) }]],
  [
    '8k code + instructions',
    [{ role: 'user', content: 'Refactor this module; keep the API, add tests, explain why.\n```ts\n' + fill(codeUnit, CHARS_8K - 100) + '\n```' }],
  ],
  [
    '8k agent step (system + 6 turns)',
    [
      { role: 'system', content: fill('You are an agent. Use the tools. ', 4000) },
      { role: 'user', content: fill(prose, 6000) },
      { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: '1', type: 'function', function: { name: 'bash', arguments: '{}' } }] },
      { role: 'tool', content: fill(codeUnit, 8000) },
      { role: 'assistant', content: 'Now the tests.' },
      { role: 'tool', content: fill(codeUnit, 8000) },
      { role: 'user', content: [{ type: 'text', text: fill(prose, 6000) }] },
    ],
  ],
];
if (trace.length) {
  const longest = [...trace].sort((a, b) => JSON.stringify(b.messages).length - JSON.stringify(a.messages).length)[0];
  cases.push([`longest agent_trace.jsonl step (${JSON.stringify(longest.messages).length} chars)`, longest.messages]);
}

// ------------------------------------------------------------------ timing
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;

function latency(messages) {
  for (let i = 0; i < 300; i++) scorer.score(messages); // warm-up (JIT)
  const t = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const s = process.hrtime.bigint();
    scorer.score(messages);
    t[i] = Number(process.hrtime.bigint() - s) / 1e6;
  }
  const xs = Array.from(t).sort((a, b) => a - b);
  return { p50: pct(xs, 0.5), p90: pct(xs, 0.9), p99: pct(xs, 0.99), max: xs[xs.length - 1] };
}

function throughput(list, label) {
  if (!list.length) return;
  for (const m of list.slice(0, 200)) scorer.score(m);
  const start = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - start) < 2e9) {
    for (const m of list) scorer.score(m);
    n += list.length;
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`throughput  ${label}: ${Math.round(n / s).toLocaleString('en-US')} prompts/s`);
}

console.log(`router bench: scorer from ${from}, weights ${scorer.path}; node ${process.version}; ${N} timed calls per case`);
for (const [name, messages] of cases) {
  const r = latency(messages);
  console.log(`latency     ${name.padEnd(44)} p50 ${us(r.p50)}  p90 ${us(r.p90)}  p99 ${us(r.p99)}  max ${us(r.max)}`);
}
throughput(mmlu.map((r) => r.messages), `MMLU-Pro dev prompts (${mmlu.length}, ~${Math.round(prose.length / 4 / Math.max(1, mmlu.length * 4))} tokens)`);
throughput(trace.map((r) => r.messages), `agent_trace.jsonl steps (${trace.length})`);

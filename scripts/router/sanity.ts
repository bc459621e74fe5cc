/**
 * Generalisation sanity check: scores hand-written chat / code / agent prompts and real agent-trace steps
 * with a weights file and prints them ordered, with the parts of each logit.
 *
 *   tsx scripts/router/sanity.ts [--weights FILE] [--trace FILE]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScorer, type ScorerMessage } from '../../src/routing/scorer/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const HAND_WRITTEN: ReadonlyArray<{ name: string; expect: 'low' | 'mid' | 'high'; messages: ScorerMessage[] }> = [
  { name: 'chit-chat: hi', expect: 'low', messages: [{ role: 'user', content: 'hi, how are you?' }] },
  { name: 'chit-chat: thanks', expect: 'low', messages: [{ role: 'user', content: 'thanks, that was helpful!' }] },
  { name: 'trivia: capital', expect: 'low', messages: [{ role: 'user', content: 'What is the capital of France?' }] },
  { name: 'rewrite: polite email', expect: 'low', messages: [{ role: 'user', content: 'Make this sound more polite: "send me the report now"' }] },
  { name: 'translate: short', expect: 'low', messages: [{ role: 'user', content: 'Translate "good morning" into Spanish.' }] },
  {
    name: 'chat: multi-turn small talk',
    expect: 'low',
    messages: [
      { role: 'system', content: 'You are a friendly assistant.' },
      { role: 'user', content: 'I just got a puppy!' },
      { role: 'assistant', content: 'Congratulations! What breed?' },
      { role: 'user', content: 'A beagle. Any name ideas?' },
    ],
  },
  { name: 'code: one-liner', expect: 'mid', messages: [{ role: 'user', content: 'How do I reverse a list in Python?' }] },
  {
    name: 'math: word problem',
    expect: 'mid',
    messages: [{ role: 'user', content: 'A train leaves at 3:15 pm at 80 km/h; a second leaves the same station at 4:00 pm at 100 km/h. When does the second catch up, and how far from the station?' }],
  },
  {
    name: 'math: proof',
    expect: 'high',
    messages: [{ role: 'user', content: 'Prove that there are infinitely many primes p such that p ≡ 3 (mod 4). Derive every step rigorously and explain why the argument fails for p ≡ 1 (mod 4).' }],
  },
  {
    name: 'reasoning: system design',
    expect: 'high',
    messages: [
      {
        role: 'user',
        content:
          'Design a rate limiter for a multi-region API gateway. Requirements: 1) at most 100 requests/s per key globally, 2) p99 added latency under 2 ms, 3) must survive the loss of one region, 4) no single point of failure. Compare token bucket vs sliding window, analyze the consistency trade-offs, and justify your choice step by step.',
      },
    ],
  },
  {
    name: 'code: multi-constraint refactor',
    expect: 'high',
    messages: [
      {
        role: 'system',
        content: 'You are a senior TypeScript engineer. Answer with a unified diff and a short explanation.',
      },
      {
        role: 'user',
        content: [
          'Refactor the module below. Constraints:',
          '1. Keep the public API backward compatible.',
          '2. Remove the O(n^2) loop; it must run in O(n log n).',
          '3. Do not use any external dependency.',
          '4. Add unit tests for the edge cases (empty input, duplicates, negative numbers).',
          '5. Explain why the new version is correct.',
          '',
          '```ts',
          'export function dedupeSorted(xs: number[]): number[] {',
          '  const out: number[] = [];',
          '  for (let i = 0; i < xs.length; i++) {',
          '    let seen = false;',
          '    for (let j = 0; j < out.length; j++) if (out[j] === xs[i]) seen = true;',
          '    if (!seen) out.push(xs[i]);',
          '  }',
          '  return out.sort((a, b) => a - b);',
          '}',
          'export class Cache<K, V> {',
          '  private m = new Map<K, { v: V; t: number }>();',
          '  get(k: K, ttl: number): V | undefined {',
          '    const e = this.m.get(k);',
          '    if (!e || Date.now() - e.t > ttl) return undefined;',
          '    return e.v;',
          '  }',
          '  set(k: K, v: V): void { this.m.set(k, { v, t: Date.now() }); }',
          '}',
          '```',
        ].join('\n'),
      },
    ],
  },
  {
    name: 'agent: debugging step with tool output',
    expect: 'high',
    messages: [
      { role: 'system', content: 'You are a coding agent. Use the bash tool to fix failing tests in the repository.' },
      { role: 'user', content: 'The test suite fails after the upgrade to pandas 2.2. Find the root cause and fix it without changing the tests.' },
      { role: 'assistant', content: 'Let me run the tests.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"cmd":"pytest -x"}' } }] },
      {
        role: 'tool',
        content:
          'FAILED tests/test_resample.py::test_monthly - TypeError: Cannot compare tz-naive and tz-aware datetime-like objects\n  File "src/resample.py", line 88, in monthly\n    mask = (df.index >= start) & (df.index < end)\n1 failed, 212 passed in 9.31s',
      },
    ],
  },
];

function main(): void {
  const argv = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scorer = loadScorer(get('--weights') ? resolve(get('--weights')!) : undefined);
  const rows = HAND_WRITTEN.map((h) => ({ name: h.name, expect: h.expect, e: scorer.explain(h.messages) }));
  rows.sort((a, b) => a.e.score - b.e.score);
  console.log('hand-written prompts, lowest score first:');
  console.log('score   logit  [word  char  dense prior]  expect  prompt');
  for (const r of rows) {
    const e = r.e;
    console.log(
      `${e.score.toFixed(3)}  ${e.logit.toFixed(2).padStart(5)}  [${[e.word, e.char, e.dense, e.prior].map((x) => x.toFixed(2).padStart(5)).join(' ')}]  ${r.expect.padEnd(6)}  ${r.name}`,
    );
  }
  const mean = (k: string): number => {
    const xs = rows.filter((r) => r.expect === k).map((r) => r.e.score);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  console.log(`mean score: low ${mean('low').toFixed(3)}, mid ${mean('mid').toFixed(3)}, high ${mean('high').toFixed(3)}`);

  const tracePath = get('--trace') ?? resolve(ROOT, '../shared/data/traces/agent_trace.jsonl');
  if (!existsSync(tracePath)) return;
  const groups = new Map<string, number[]>();
  for (const line of readFileSync(tracePath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { messages: ScorerMessage[]; meta?: { kind?: string }; step?: number };
    const kind = `${r.meta?.kind ?? '?'}${r.step === 1 ? ' (first step)' : ''}`;
    const s = scorer.score(r.messages);
    const a = groups.get(kind);
    if (a) a.push(s);
    else groups.set(kind, [s]);
  }
  console.log(`\n${tracePath.split('/').pop()}: score distribution per kind of step`);
  for (const [kind, xs] of [...groups].sort()) {
    xs.sort((a, b) => a - b);
    const q = (p: number): string => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(3);
    console.log(`${kind.padEnd(28)} n=${String(xs.length).padStart(5)}  p10 ${q(0.1)}  p50 ${q(0.5)}  p90 ${q(0.9)}`);
  }
}

main();

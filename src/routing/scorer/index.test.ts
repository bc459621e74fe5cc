import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScorer, SHIPPED_WEIGHTS } from './index.js';
import { readRoutingData } from '../eval/data.js';
import { evaluateRouter } from '../eval/metrics.js';
import { calibrationFromProvenance, qualityToThreshold } from '../strategies/auto-threshold.js';

describe('the shipped scorer', () => {
  const scorer = loadScorer();

  it('loads data/router/weights.json from the package root, once', () => {
    expect(SHIPPED_WEIGHTS.endsWith('data/router/weights.json')).toBe(true);
    expect(loadScorer()).toBe(scorer);
  });

  it('carries provenance: training files with sha256, seed, hyperparameters, dev metrics', () => {
    const p = scorer.provenance as {
      training_files: Array<{ file: string; sha256: string }>;
      seed: number;
      hyperparameters: Record<string, unknown>;
      metrics: { dev: Array<{ file: string; APGR: number }> };
    };
    expect(p.training_files.map((f) => f.file).every((f) => f.endsWith('_train.jsonl'))).toBe(true);
    expect(p.training_files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(typeof p.seed).toBe('number');
    expect(p.hyperparameters).toBeTypeOf('object');
    expect(p.metrics.dev).toHaveLength(4);
  });

  it('ranks chit-chat below a multi-constraint coding request and an agent step', () => {
    const chat = scorer.score([{ role: 'user', content: 'hi, how are you?' }]);
    const code = scorer.score([
      {
        role: 'user',
        content:
          'Refactor this so it runs in O(n log n); keep the API backward compatible, do not add dependencies, and add tests:\n```ts\nexport function f(xs: number[]) {\n  for (const a of xs) for (const b of xs) if (a === b) return true;\n  return false;\n}\n```',
      },
    ]);
    const agent = scorer.score([
      { role: 'system', content: 'You are a coding agent with a bash tool.' },
      { role: 'user', content: 'Fix the failing test without changing it.' },
      { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'bash', arguments: '{"cmd":"pytest"}' } }] },
      { role: 'tool', content: 'FAILED tests/test_x.py::test_y - AssertionError: assert 3 == 4\n1 failed, 20 passed' },
    ]);
    expect(chat).toBeLessThan(code);
    expect(chat).toBeLessThan(agent);
    for (const s of [chat, code, agent]) expect(s > 0 && s < 1).toBe(true);
  });

  it('cannot be pushed to premium by padding a prompt with repeated filler', () => {
    const ask = (text: string): number => scorer.score([{ role: 'user', content: text }]);
    const hello = ask('hello');
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    // before the padding discount these scored 0.300, 0.319 and 0.347 (premium at the default quality)
    expect(ask('hello '.repeat(3000)) - hello).toBeLessThan(0.07);
    expect(ask('hello '.repeat(30_000)) - hello).toBeLessThan(0.09);
    expect(ask(sentence.repeat(180)) - ask(sentence.repeat(4))).toBeLessThan(0.05);
    // and neither reaches premium at the default quality (0.5) of the shipped knob
    const threshold = qualityToThreshold(0.5, calibrationFromProvenance(scorer.provenance));
    expect(ask(sentence.repeat(180))).toBeLessThan(threshold);
    expect(ask('hello '.repeat(30_000))).toBeLessThan(threshold);
    expect(ask(sentence.repeat(2000))).toBeLessThan(threshold);
  });

  const gsm = fileURLToPath(new URL('../../../../shared/data/routing/routellm_gsm8k_dev.jsonl', import.meta.url));
  it.skipIf(!existsSync(gsm))('reproduces the dev APGR recorded in its provenance', () => {
    const rows = readRoutingData(gsm);
    const r = evaluateRouter(rows, rows.map((x) => scorer.score(x.messages)));
    const recorded = (scorer.provenance as { metrics: { dev: Array<{ file: string; APGR: number }> } }).metrics.dev.find((d) =>
      d.file.startsWith('routellm_gsm8k_dev'),
    );
    expect(r.router.APGR).toBeCloseTo(recorded!.APGR, 3);
  });
});

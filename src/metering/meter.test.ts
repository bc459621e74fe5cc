import { describe, expect, it } from 'vitest';
import type { Usage } from '../spec/chat.js';
import { meter } from './meter.js';

const sonnet = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const deepseek = { input: 0.28, output: 0.42, cacheRead: 0.028 };

describe('meter', () => {
  it('prices the same tokens at the baseline model and reports the savings', () => {
    const usage: Usage = { input: 1000, cacheRead: 9000, cacheWrite: 0, output: 500, reasoning: 0 };
    const m = meter(usage, deepseek, sonnet);
    expect(m.costPico).toBe(742_000_000);
    expect(m.baselineCostPico).toBe(1000 * 3_000_000 + 9000 * 300_000 + 500 * 15_000_000);
    expect(m.savingsPico).toBe(m.baselineCostPico - m.costPico);
  });

  it('reports negative savings when the served model is dearer than the baseline', () => {
    const usage: Usage = { input: 100, cacheRead: 0, cacheWrite: 0, output: 100, reasoning: 0 };
    const m = meter(usage, sonnet, deepseek);
    expect(m.savingsPico).toBeLessThan(0);
  });

  it('is zero for zero usage', () => {
    expect(meter({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 }, sonnet, sonnet)).toEqual({ costPico: 0, baselineCostPico: 0, savingsPico: 0 });
  });
});

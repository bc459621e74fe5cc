import { describe, expect, it } from 'vitest';
import { planReservation, settleAmounts, upstreamMaxTokens, type RequestEstimate } from './plan.js';
import type { BudgetLimit } from './types.js';

const usd: BudgetLimit = { id: 'key:k:usd:day', scope: 'key', scopeId: 'k', unit: 'usd', window: 'day', limit: 1e9, mode: 'hard' };
const tokens: BudgetLimit = { ...usd, id: 'key:k:tokens:day', unit: 'tokens', limit: 100_000 };
const estimate: RequestEstimate = { inputTokens: 1000, inputPicoPerToken: 2_500_000, outputPicoPerToken: 10_000_000, maxTokens: null, outputCeiling: 16_384 };

describe('planReservation', () => {
  it('prices the input as the fixed part and output tokens as units', () => {
    expect(planReservation([usd, tokens], estimate)).toEqual({
      items: [
        { limit: usd, amount: 2_500_000_000, perUnit: 10_000_000 },
        { limit: tokens, amount: 1000, perUnit: 1 },
      ],
      units: { min: 1, max: 16_384 },
    });
  });

  it('reserves a client max_tokens all or nothing', () => {
    expect(planReservation([usd], { ...estimate, maxTokens: 500 }).units).toEqual({ min: 500, max: 500 });
  });

  it('caps the upstream max_tokens only when the budget binds', () => {
    expect(upstreamMaxTokens(estimate, 16_384)).toBeNull();
    expect(upstreamMaxTokens(estimate, 700)).toBe(700);
    expect(upstreamMaxTokens({ ...estimate, maxTokens: 500 }, 500)).toBe(500);
  });

  it('always sends the grant when the output ceiling is only assumed', () => {
    // a model with no known output limit may write past the assumed ceiling unless told where to stop
    expect(upstreamMaxTokens({ ...estimate, ceilingAssumed: true }, 16_384)).toBe(16_384);
    expect(upstreamMaxTokens({ ...estimate, ceilingAssumed: true }, 700)).toBe(700);
  });

  it('reserves the thinking budget on top of the answer', () => {
    const thinking = { ...estimate, thinkingTokens: 4000 };
    expect(planReservation([usd], { ...thinking, maxTokens: 500 }).units).toEqual({ min: 4500, max: 4500 });
    expect(planReservation([usd], thinking).units).toEqual({ min: 4001, max: 20_384 });
    // without a client max_tokens the visible answer gets what the grant leaves after thinking
    expect(upstreamMaxTokens(thinking, 20_384)).toBe(16_384);
    expect(upstreamMaxTokens(thinking, 4100)).toBe(100);
    expect(upstreamMaxTokens({ ...thinking, maxTokens: 500 }, 4500)).toBe(500);
  });
});

describe('settleAmounts', () => {
  it('gives cost to USD limits and tokens to token limits', () => {
    expect(settleAmounts([usd, tokens, usd], { costPico: 7, tokens: 3 })).toEqual([7, 3, 7]);
  });
});

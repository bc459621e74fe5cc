import { describe, expect, it } from 'vitest';
import { gcraAdjust, gcraTake } from './gcra.js';
import { normaliseRules } from './validate.js';

const rules = (...r: { key: string; limit: number; cost: number; burst?: number }[]) => normaliseRules({ rules: r, now: 0 }, true).rules;

describe('gcraTake', () => {
  it('sustains exactly the limit per period after the burst', () => {
    const [rule] = rules({ key: 'r', limit: 60, cost: 1 });
    let tat: number | undefined;
    let admitted = 0;
    // One attempt every 100 ms for 10 minutes: the 60-unit burst, then one per second.
    for (let now = 0; now < 600_000; now += 100) {
      const out = gcraTake([rule!], [tat], now);
      if (out.ok) {
        tat = out.tats[0];
        admitted += 1;
      }
    }
    expect(admitted).toBe(60 + 600 - 1);
  });

  it('reports the longest wait of several refusing rules', () => {
    const r = rules({ key: 'a', limit: 1, cost: 1 }, { key: 'b', limit: 1, cost: 1 });
    expect(gcraTake(r, [30_000, 50_000], 0)).toEqual({ ok: false, index: 1, retryAfterMs: 50_000 });
  });
});

describe('gcraAdjust', () => {
  it('refunds down to a full bucket and no further', () => {
    const [rule] = rules({ key: 'a', limit: 10, cost: -3 });
    expect(gcraAdjust(rule!, 60_000, 0)).toBe(42_000);
    expect(gcraAdjust(rule!, 10_000, 0)).toBeNull();
    expect(gcraAdjust(rule!, undefined, 0)).toBeNull();
  });
});

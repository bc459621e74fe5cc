import { describe, expect, it } from 'vitest';
import { decide, pickDenial, warningFor } from './decide.js';
import type { BudgetLimit } from './types.js';

const item = (over: Partial<Parameters<typeof decide>[0][number]> = {}) => ({ base: 0, perUnit: 0, limit: 100, hard: true, used: 0, reserved: 0, ...over });

describe('decide', () => {
  it('admits exactly up to the limit', () => {
    expect(decide([item({ base: 60, used: 20, reserved: 20 })], 0, 0)).toEqual({ ok: true, units: 0 });
    expect(decide([item({ base: 61, used: 20, reserved: 20 })], 0, 0)).toEqual({ ok: false, blocking: [0] });
  });

  it('grants the units the tightest hard limit affords', () => {
    const items = [item({ base: 10, perUnit: 3 }), item({ base: 0, perUnit: 1, limit: 50 }), item({ hard: false, perUnit: 1000 })];
    expect(decide(items, 1, 1000)).toEqual({ ok: true, units: 30 }); // floor(90 / 3)
    expect(decide(items, 31, 1000)).toEqual({ ok: false, blocking: [0] });
    expect(decide(items, 1, 20)).toEqual({ ok: true, units: 20 });
  });

  it('is exact at the top of the safe-integer range', () => {
    const limit = Number.MAX_SAFE_INTEGER;
    const perUnit = 1_000_003;
    const room = limit - 1;
    const r = decide([item({ limit, base: 1, perUnit })], 0, Number.MAX_SAFE_INTEGER);
    expect(r).toEqual({ ok: true, units: Math.floor(room / perUnit) });
    if (r.ok) expect(1 + perUnit * r.units).toBeLessThanOrEqual(limit);
  });
});

describe('pickDenial', () => {
  it('prefers the limit that resets last, a total limit above all', () => {
    expect(pickDenial([0, 1], [100, 200])).toBe(1);
    expect(pickDenial([0, 1, 2], [100, null, 300])).toBe(1);
    expect(pickDenial([1, 2], [500, 100, 100])).toBe(1);
  });
});

describe('warningFor', () => {
  const base: BudgetLimit = { id: 'x', scope: 'key', scopeId: 'k', unit: 'usd', window: 'day', limit: 100, mode: 'hard' };
  it('warns above the soft threshold of a hard limit', () => {
    expect(warningFor({ ...base, soft: 80 }, 80)).toBeNull();
    expect(warningFor({ ...base, soft: 80 }, 81)).toBe('threshold');
    expect(warningFor(base, 100)).toBeNull();
  });
  it('tells a soft limit exceeded from one nearing', () => {
    expect(warningFor({ ...base, mode: 'soft', soft: 50 }, 60)).toBe('threshold');
    expect(warningFor({ ...base, mode: 'soft' }, 100)).toBeNull();
    expect(warningFor({ ...base, mode: 'soft' }, 101)).toBe('exceeded');
  });
});

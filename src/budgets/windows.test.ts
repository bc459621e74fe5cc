import { describe, expect, it } from 'vitest';
import { counterExpiry, COUNTER_RETENTION_MS, windowSpan } from './windows.js';

describe('windowSpan', () => {
  const t = Date.UTC(2024, 1, 29, 23, 59, 59, 999); // leap day, last millisecond

  it('aligns minute, hour and day windows to UTC', () => {
    expect(windowSpan('minute', t)).toEqual({ start: Date.UTC(2024, 1, 29, 23, 59), end: Date.UTC(2024, 2, 1) });
    expect(windowSpan('hour', t)).toEqual({ start: Date.UTC(2024, 1, 29, 23), end: Date.UTC(2024, 2, 1) });
    expect(windowSpan('day', t)).toEqual({ start: Date.UTC(2024, 1, 29), end: Date.UTC(2024, 2, 1) });
  });

  it('runs a month from the first to the first, whatever its length', () => {
    expect(windowSpan('month', t)).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    expect(windowSpan('month', Date.UTC(2024, 11, 31, 12))).toEqual({ start: Date.UTC(2024, 11, 1), end: Date.UTC(2025, 0, 1) });
  });

  it('puts the boundary instant in the new window', () => {
    expect(windowSpan('minute', Date.UTC(2024, 2, 1)).start).toBe(Date.UTC(2024, 2, 1));
    expect(windowSpan('month', Date.UTC(2024, 2, 1)).start).toBe(Date.UTC(2024, 2, 1));
  });

  it('never ends a total window, nor expires its counter', () => {
    expect(windowSpan('total', t)).toEqual({ start: 0, end: null });
    expect(counterExpiry({ start: 0, end: null })).toBeNull();
    expect(counterExpiry({ start: 0, end: 60_000 })).toBe(60_000 + COUNTER_RETENTION_MS);
  });
});

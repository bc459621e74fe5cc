import { describe, expect, it } from 'vitest';
import { parseTimeBound } from './since.js';

const now = Date.UTC(2025, 5, 15, 12, 0, 0);

describe('parseTimeBound', () => {
  it.each([
    ['30m', now - 30 * 60_000],
    ['24h', now - 24 * 3_600_000],
    ['7d', now - 7 * 86_400_000],
    ['2w', now - 14 * 86_400_000],
    ['90s', now - 90_000],
    ['1.5h', now - 5_400_000],
    [' 7D ', now - 7 * 86_400_000],
  ])('reads the duration %s back from now', (text, expected) => {
    expect(parseTimeBound(text, now)).toBe(expected);
  });

  it('reads ISO dates and date-times', () => {
    expect(parseTimeBound('2025-06-01', now)).toBe(Date.UTC(2025, 5, 1));
    expect(parseTimeBound('2025-06-01T10:30:00Z', now)).toBe(Date.UTC(2025, 5, 1, 10, 30));
  });

  it.each(['', 'yesterday', '7', '7x', '-1d', '2025-13-45', '2026-02-30', '2025-02-29', '2025-04-31T00:00:00Z', '99999999999d'])('rejects %j with the accepted forms', (text) => {
    expect(() => parseTimeBound(text, now)).toThrow(/30m, 24h, 7d, or an ISO date/);
  });
});

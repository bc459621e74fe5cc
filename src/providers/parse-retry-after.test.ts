import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');

  it('reads seconds, including 0 and fractions', () => {
    expect(parseRetryAfter({ 'retry-after': '0' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '30' }, now)).toBe(30000);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sat, 28 Nov 2026 12:00:45 GMT' }, now)).toBe(45000);
    expect(parseRetryAfter({ 'retry-after': 'Sat, 28 Nov 2026 11:00:00 GMT' }, now)).toBe(0);
  });

  it('prefers retry-after-ms, any header case, first of repeated values', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250.2', 'retry-after': '9' }, now)).toBe(251);
    expect(parseRetryAfter({ 'Retry-After': ['3', '9'] }, now)).toBe(3000);
  });

  it('ignores absent or invalid values', () => {
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '-1' }, now)).toBeUndefined();
  });
});

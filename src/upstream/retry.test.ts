import { describe, expect, it } from 'vitest';
import type { UpstreamErrorKind } from '../spec/chat.js';
import type { RetryPolicy } from '../config/types.js';
import { backoffDelay, isRetryable, parseRetryAfter } from './retry.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, retryAfterCapMs: 5000 };

describe('isRetryable', () => {
  it.each<[UpstreamErrorKind, boolean]>([
    ['rate_limit', true],
    ['overloaded', true],
    ['server', true],
    ['connection', true],
    ['timeout', true],
    ['invalid_response', true],
    ['stream_truncated', true],
    ['context_length', false],
    ['content_filter', false],
    ['auth', false],
    ['bad_request', false],
    ['not_found', false],
  ])('%s -> %s', (kind, expected) => {
    expect(isRetryable(kind)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with full jitter', () => {
    expect(backoffDelay(1, policy, undefined, () => 0.999999)).toBe(99);
    expect(backoffDelay(2, policy, undefined, () => 0.999999)).toBe(199);
    expect(backoffDelay(3, policy, undefined, () => 0.5)).toBe(200);
    expect(backoffDelay(1, policy, undefined, () => 0)).toBe(0);
  });

  it('is bounded by maxDelayMs', () => {
    expect(backoffDelay(30, policy, undefined, () => 0.999999)).toBe(999);
    expect(backoffDelay(2000, policy, undefined, () => 0.999999)).toBe(999);
  });

  it('stays within [0, ceiling) with the real random source', () => {
    for (let i = 0; i < 1000; i++) {
      const d = backoffDelay(4, policy)!;
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });

  it('waits exactly the Retry-After when within the cap, even beyond maxDelayMs', () => {
    expect(backoffDelay(1, policy, 3000, () => 0)).toBe(3000);
    expect(backoffDelay(1, policy, 5000)).toBe(5000);
  });

  it('respects Retry-After: 0 and retries immediately', () => {
    expect(backoffDelay(3, policy, 0, () => 0.9)).toBe(0);
  });

  it('gives up on the target (null) when Retry-After exceeds the cap', () => {
    expect(backoffDelay(1, policy, 5001)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds, fractional included', () => {
    expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': ' 0 ' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, now)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250.4', 'retry-after': '9' }, now)).toBe(251);
  });

  it('falls back to retry-after when retry-after-ms is garbage', () => {
    expect(parseRetryAfter({ 'retry-after-ms': 'soon', 'retry-after': '1' }, now)).toBe(1000);
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter({ 'retry-after': ['3', '9'] }, now)).toBe(3000);
  });

  it('returns undefined when absent or unparseable', () => {
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'later' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-5' }, now)).toBeUndefined();
  });
});

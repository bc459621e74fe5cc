import { describe, expect, it } from 'vitest';
import { clientErrorFor } from './upstream-errors.js';

describe('upstream failures as client errors', () => {
  it('pass a Retry-After on only where waiting can help (0 stays 0)', () => {
    expect(clientErrorFor({ kind: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 1500 }, 'p/m').retryAfterSec).toBe(2);
    expect(clientErrorFor({ kind: 'overloaded', status: 503, message: 'busy', retryAfterMs: 0 }, 'p/m').retryAfterSec).toBe(0);
    for (const kind of ['bad_request', 'context_length', 'content_filter', 'auth'] as const) {
      expect(clientErrorFor({ kind, status: 400, message: 'no', retryAfterMs: 0 }, 'p/m').retryAfterSec).toBeUndefined();
    }
  });
});

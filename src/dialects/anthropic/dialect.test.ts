import { describe, expect, it } from 'vitest';
import { GatewayError, type ErrorCode } from '../../errors.js';
import { anthropicDialect } from './dialect.js';

describe('Anthropic dialect', () => {
  it.each([
    ['SY_ERR_INVALID_REQUEST', 400, 'invalid_request_error'],
    ['SY_ERR_MODEL_NOT_FOUND', 404, 'not_found_error'],
    ['SY_ERR_UNAUTHORIZED', 401, 'authentication_error'],
    ['SY_ERR_FORBIDDEN', 403, 'permission_error'],
    ['SY_ERR_BODY_TOO_LARGE', 413, 'request_too_large'],
    ['SY_ERR_UPSTREAM_RATE_LIMITED', 429, 'rate_limit_error'],
    ['SY_ERR_BUDGET_EXCEEDED', 429, 'rate_limit_error'],
    ['SY_ERR_UPSTREAM_UNAVAILABLE', 503, 'overloaded_error'],
    ['SY_ERR_UPSTREAM_TIMEOUT', 504, 'timeout_error'],
    ['SY_ERR_UPSTREAM_ERROR', 502, 'api_error'],
    ['SY_ERR_INTERNAL', 500, 'api_error'],
  ] as const)('writes %s (%i) as an Anthropic %s', (code: ErrorCode, status, type) => {
    const err = new GatewayError(code, 'what happened', null);
    expect(err.status).toBe(status);
    expect(JSON.parse(anthropicDialect.errorBody(err))).toEqual({ type: 'error', error: { type, message: 'what happened' } });
  });

  it('frames stream events as SSE and ends a failed stream with an error event', () => {
    const encoder = anthropicDialect.streamEncoder({ id: 'chatcmpl-x', model: 'm', created: 1, includeUsage: false, inputEstimate: 3 });
    const first = encoder.frame({ type: 'text', text: 'Hi' });
    expect(first.split('\n\n').filter(Boolean).map((f) => f.split('\n')[0])).toEqual([
      'event: message_start',
      'event: ping',
      'event: content_block_start',
      'event: content_block_delta',
    ]);
    expect(first).toContain('data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n');
    expect(encoder.error(new GatewayError('SY_ERR_STREAM_INTERRUPTED', 'cut', null))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"cut"}}\n\n',
    );
  });

  it('always reports usage in streams and streams when asked', () => {
    const request = anthropicDialect.parse({ model: 'm', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] });
    expect(anthropicDialect.wantsStream(request)).toBe(true);
    expect(anthropicDialect.wantsStreamUsage(request)).toBe(true);
  });
});

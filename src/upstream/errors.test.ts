import { describe, expect, it } from 'vitest';
import {
  UpstreamError,
  UpstreamErrorCode,
  adapterError,
  callerAbortError,
  errorCodeOf,
  isAbortedByCaller,
  kindForStatus,
  networkError,
  upstreamError,
} from './errors.js';

const where = 'POST https://api.example.com/v1/chat/completions';
const timeouts = { connectMs: 1000, firstByteMs: 2000, idleMs: 3000, totalMs: 4000 };

function coded(code: string, message = 'boom'): Error {
  return Object.assign(new Error(message), { code });
}

describe('UpstreamError', () => {
  it('carries info, a stable code, the cause and a message naming method and URL', () => {
    const cause = new Error('root');
    const e = new UpstreamError({ kind: 'rate_limit', status: 429, message: 'slow down' }, { where, cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('UpstreamError');
    expect(e.code).toBe('SY_ERR_UPSTREAM_RATE_LIMIT');
    expect(e.kind).toBe('rate_limit');
    expect(e.status).toBe(429);
    expect(e.message).toBe(`${where}: slow down`);
    expect(e.info.message).toBe('slow down');
    expect(e.cause).toBe(cause);
    expect(e.attempts).toBe(1);
  });
});

describe('networkError', () => {
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', UpstreamErrorCode.CONNECT_TIMEOUT, 'within 1000 ms'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', UpstreamErrorCode.FIRST_BYTE_TIMEOUT, 'within 2000 ms'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout', UpstreamErrorCode.IDLE_TIMEOUT, 'stream stalled'],
    ['ECONNRESET', 'connection', UpstreamErrorCode.CONNECTION, 'ECONNRESET'],
    ['ECONNREFUSED', 'connection', UpstreamErrorCode.CONNECTION, 'ECONNREFUSED'],
    ['UND_ERR_SOCKET', 'connection', UpstreamErrorCode.CONNECTION, 'UND_ERR_SOCKET'],
    ['EPIPE', 'connection', UpstreamErrorCode.CONNECTION, 'EPIPE'],
    ['UND_ERR_ABORTED', 'connection', UpstreamErrorCode.ABORTED, 'cancelled'],
    ['UND_ERR_INVALID_ARG', 'bad_request', UpstreamErrorCode.INVALID_REQUEST, 'invalid upstream request'],
  ])('maps %s to %s', (code, kind, stable, text) => {
    const cause = coded(code);
    const e = networkError(cause, where, timeouts);
    expect(e.info.kind).toBe(kind);
    expect(e.code).toBe(stable);
    expect(e.message).toContain(text);
    expect(e.message.startsWith(where)).toBe(true);
    expect(e.cause).toBe(cause);
  });

  it('gives network failures gateway statuses (502, 504, 499)', () => {
    expect(networkError(coded('ECONNRESET'), where).status).toBe(502);
    expect(networkError(coded('UND_ERR_HEADERS_TIMEOUT'), where).status).toBe(504);
    expect(networkError(coded('UND_ERR_ABORTED'), where).status).toBe(499);
  });

  it('never copies undici messages that might quote a header', () => {
    const e = networkError(coded('UND_ERR_INVALID_ARG', 'invalid header Bearer sk-secret'), where);
    expect(e.message).not.toContain('sk-secret');
    expect(e.info.message).not.toContain('sk-secret');
  });

  it('finds codes through cause and AggregateError', () => {
    const agg = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'all failed');
    expect(errorCodeOf(agg)).toBe('ECONNREFUSED');
    expect(errorCodeOf(new Error('wrap', { cause: coded('EPIPE') }))).toBe('EPIPE');
    expect(errorCodeOf('nope')).toBeUndefined();
  });

  it('treats an AbortError as a caller abort', () => {
    const e = networkError(new DOMException('aborted', 'AbortError'), where);
    expect(isAbortedByCaller(e)).toBe(true);
  });

  it('passes an UpstreamError through unchanged', () => {
    const e = upstreamError('timeout', 'x');
    expect(networkError(e, where)).toBe(e);
  });
});

describe('callerAbortError', () => {
  it('is a cancellation for a plain abort and a timeout for an AbortSignal.timeout() reason', () => {
    expect(isAbortedByCaller(callerAbortError(where, new DOMException('x', 'AbortError')))).toBe(true);
    const t = callerAbortError(where, new DOMException('x', 'TimeoutError'));
    expect(t.code).toBe(UpstreamErrorCode.TOTAL_TIMEOUT);
    expect(t.info.kind).toBe('timeout');
  });
});

describe('adapterError', () => {
  it('uses the info an adapter error carries', () => {
    const thrown = Object.assign(new Error('bad'), { info: { kind: 'context_length', status: 400, message: 'too long' } });
    const e = adapterError(thrown, where, 'fallback');
    expect(e.info.kind).toBe('context_length');
    expect(e.cause).toBe(thrown);
  });

  it('falls back to invalid_response', () => {
    const e = adapterError(new TypeError('x is undefined'), where, 'cannot read');
    expect(e.info.kind).toBe('invalid_response');
    expect(e.info.message).toBe('cannot read');
  });
});

describe('kindForStatus', () => {
  it.each([
    [429, 'rate_limit'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
    [408, 'timeout'],
    [503, 'overloaded'],
    [529, 'overloaded'],
    [500, 'server'],
    [422, 'bad_request'],
  ])('%i -> %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});

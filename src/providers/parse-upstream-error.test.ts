import { describe, expect, it } from 'vitest';
import type { UpstreamErrorKind } from '../spec/chat.js';
import { classifyUpstreamError } from './classify-upstream-error.js';
import { parseUpstreamError } from './parse-upstream-error.js';
import { redactSecrets } from './redact-secrets.js';
import { readFixture } from './__fixtures__/helpers.js';

const fixtures = new URL('./openai-compatible/errors.test.ts', import.meta.url).href;
const body = (name: string): unknown => {
  const text = readFixture(fixtures, `errors/${name}`);
  return name.endsWith('.json') ? (JSON.parse(text) as unknown) : text;
};

describe('recorded error bodies', () => {
  it.each<[string, number, UpstreamErrorKind, string | undefined]>([
    ['openai-401-invalid-key.json', 401, 'auth', 'invalid_api_key'],
    ['openai-429-rate-limit.json', 429, 'rate_limit', 'rate_limit_exceeded'],
    ['openai-429-insufficient-quota.json', 429, 'auth', 'insufficient_quota'],
    ['openai-400-context-length.json', 400, 'context_length', 'context_length_exceeded'],
    ['openai-400-content-filter.json', 400, 'content_filter', 'content_filter'],
    ['openai-404-model.json', 404, 'not_found', 'model_not_found'],
    ['openai-500.json', 500, 'server', 'server_error'],
    ['deepseek-402-balance.json', 402, 'auth', 'invalid_request_error'],
    ['deepseek-400-context-length.json', 400, 'context_length', 'invalid_request_error'],
    ['deepseek-503-busy.json', 503, 'overloaded', 'server_busy'],
    ['moonshot-429-overloaded.json', 429, 'overloaded', 'engine_overloaded_error'],
    ['moonshot-400-token-limit.json', 400, 'context_length', 'invalid_request_error'],
    ['dashscope-400-data-inspection.json', 400, 'content_filter', 'data_inspection_failed'],
    ['zai-400-sensitive.json', 400, 'content_filter', '1301'],
    ['gemini-429-resource-exhausted.json', 429, 'rate_limit', '429'],
    ['gemini-400-api-key.json', 400, 'bad_request', '400'],
    ['mistral-422-extra-forbidden.json', 422, 'bad_request', 'invalid_request_error'],
    ['groq-400-context-length.json', 400, 'context_length', 'context_length_exceeded'],
    ['openrouter-402-credits.json', 402, 'auth', '402'],
    ['openrouter-400-provider-context.json', 400, 'context_length', '400'],
    ['vllm-400-detail.json', 400, 'context_length', '400'],
    ['proxy-502.html', 502, 'server', undefined],
  ])('%s (HTTP %i) -> %s', (file, status, kind, providerCode) => {
    const info = parseUpstreamError(status, body(file), {});
    expect(info.kind).toBe(kind);
    expect(info.providerCode).toBe(providerCode);
    expect(info.message.length).toBeGreaterThan(0);
  });

  it('never echoes a key, even the masked one OpenAI sends back', () => {
    const info = parseUpstreamError(401, body('openai-401-invalid-key.json'), {});
    expect(info.message).not.toMatch(/sk-proj/);
    expect(info.message).toMatch(/^Incorrect API key provided: \[redacted\]/);
  });

  it('reads Mistral validation details and JSON sent as text', () => {
    expect(parseUpstreamError(422, body('mistral-422-extra-forbidden.json'), {}).message).toContain('extra_forbidden');
    expect(parseUpstreamError(429, '{"error":{"message":"slow down","type":"rate_limit_error"}}', {}).message).toBe('slow down');
    expect(parseUpstreamError(400, 'plain text problem', {}).message).toBe('plain text problem');
  });
});

describe('classifyUpstreamError without a status (in-stream errors)', () => {
  it.each<[Parameters<typeof classifyUpstreamError>[0], UpstreamErrorKind]>([
    [{ type: 'overloaded_error', message: 'Overloaded' }, 'overloaded'],
    [{ type: 'rate_limit_error' }, 'rate_limit'],
    [{ code: '429', message: 'Resource exhausted' }, 'rate_limit'],
    [{ code: 'server_error', message: 'Provider disconnected' }, 'server'],
    [{ type: 'invalid_request_error', message: "This model's maximum context length is 8192 tokens" }, 'context_length'],
    [{ type: 'authentication_error' }, 'auth'],
    [{ message: 'Request timed out' }, 'timeout'],
    [{ message: 'something odd' }, 'server'],
  ])('%o -> %s', (facts, kind) => {
    expect(classifyUpstreamError(facts)).toBe(kind);
  });

  it('504 and 408 are timeouts; 413 is a context overflow', () => {
    expect(classifyUpstreamError({ status: 504 })).toBe('timeout');
    expect(classifyUpstreamError({ status: 408 })).toBe('timeout');
    expect(classifyUpstreamError({ status: 413, message: 'Request Entity Too Large' })).toBe('context_length');
  });
});

describe('redactSecrets', () => {
  it('masks keys, Bearer tokens and api_key assignments', () => {
    expect(redactSecrets('key sk-ant-api03-abcdefghijklmnop rejected')).toBe('key [redacted] rejected');
    expect(redactSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('api_key=AIzaSyA1234567890abcdefg')).toBe('api_key=[redacted]');
    expect(redactSecrets('gsk_live')).toBe('gsk_live');
    expect(redactSecrets('x'.repeat(5000))).toHaveLength(1001);
  });
});

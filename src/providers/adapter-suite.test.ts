/**
 * The shared adapter suite: the same cases (text, tools, usage, streams, errors) run against the adapter of
 * every preset, fed with recorded wire formats of its protocol. Each protocol's `__fixtures__/suite/`
 * holds the same conversation, so every adapter must produce the same canonical result.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/chat.js';
import { adapterFor } from './index.js';
import { applyPreset, PRESETS, type ProviderPreset } from './presets/index.js';
import { isProviderError } from './provider-error.js';
import { assemble, decodeAll, makeTarget, readJsonFixture, readSseFixture, TEST_KEY } from './__fixtures__/helpers.js';

const FIXTURE_BASE = {
  openai: new URL('./openai-compatible/suite.test.ts', import.meta.url).href,
  anthropic: new URL('./anthropic/suite.test.ts', import.meta.url).href,
};

const TEXT_REQUEST: ChatRequest = {
  model: 'client-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello.' },
  ],
  max_tokens: 64,
};

const TOOLS_REQUEST: ChatRequest = {
  model: 'client-model',
  messages: [{ role: 'user', content: 'Look up switchyard.' }],
  tools: [
    {
      type: 'function',
      function: { name: 'lookup', description: 'Search the docs', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
    },
  ],
  tool_choice: 'required',
};

const TEXT_RESULT = {
  id: 'suite-1',
  model: 'suite-model',
  message: { role: 'assistant', content: 'Hello, world!' },
  finishReason: 'stop',
  usage: { input: 20, cacheRead: 80, cacheWrite: 0, output: 5, reasoning: 0 },
};

const TOOL_CALL = { id: 'call_suite_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"switchyard"}' } };

/** Error bodies per protocol, in the shape that protocol's upstreams send. */
function errorBody(protocol: 'openai' | 'anthropic', kind: 'rate' | 'auth' | 'server' | 'context'): unknown {
  const messages = {
    rate: 'Rate limit reached for requests',
    auth: `Incorrect API key provided: ${TEST_KEY}`,
    server: 'Internal server error',
    context: 'prompt is too long: 210000 tokens > 200000 maximum',
  };
  if (protocol === 'anthropic') {
    const types = { rate: 'rate_limit_error', auth: 'authentication_error', server: 'api_error', context: 'invalid_request_error' };
    return { type: 'error', error: { type: types[kind], message: messages[kind] } };
  }
  const codes = { rate: 'rate_limit_exceeded', auth: 'invalid_api_key', server: null, context: 'context_length_exceeded' };
  return { error: { message: messages[kind], type: 'invalid_request_error', param: null, code: codes[kind] } };
}

function expectedUrl(preset: ProviderPreset): string {
  return preset.protocol === 'openai' ? `${preset.baseUrl}/chat/completions` : `${preset.baseUrl}/v1/messages`;
}

describe.each(Object.values(PRESETS))('adapter for preset $name', (preset) => {
  const provider = applyPreset(preset, { apiKey: TEST_KEY });
  const adapter = adapterFor(provider);
  const target = makeTarget(provider, 'upstream-model', { maxOutput: 16000 });
  const base = FIXTURE_BASE[preset.protocol];

  it('speaks the preset protocol', () => {
    expect(adapter.protocol).toBe(preset.protocol);
  });

  it('builds a text request to the documented endpoint, the key only in the auth header', () => {
    const request = adapter.buildRequest(TEXT_REQUEST, target, false);
    expect(request.url).toBe(expectedUrl(preset));
    expect(request.body).not.toContain(TEST_KEY);
    expect(request.headers['content-type']).toBe('application/json');
    if (preset.protocol === 'openai') {
      expect(request.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    } else {
      expect(request.headers['x-api-key']).toBe(TEST_KEY);
      expect(request.headers['anthropic-version']).toBe('2023-06-01');
    }
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body.model).toBe('upstream-model');
    expect(body).not.toHaveProperty('models');
    expect(body).not.toHaveProperty('stream');
    expect(JSON.stringify(body)).toContain('Say hello.');
  });

  it('asks the upstream for usage when streaming', () => {
    const body = JSON.parse(adapter.buildRequest(TEXT_REQUEST, target, true).body) as Record<string, unknown>;
    expect(body.stream).toBe(true);
    // Anthropic always streams usage; Mistral sends it unasked and rejects stream_options.
    if (preset.protocol === 'openai' && preset.quirks.streamUsage !== 'always') {
      expect(body.stream_options).toEqual({ include_usage: true });
    } else {
      expect(body).not.toHaveProperty('stream_options');
    }
  });

  it('sends tools in the protocol shape', () => {
    const body = JSON.parse(adapter.buildRequest(TOOLS_REQUEST, target, false).body) as { tools: unknown[]; tool_choice: unknown };
    if (preset.protocol === 'openai') {
      expect(body.tools).toEqual(TOOLS_REQUEST.tools);
      expect(body.tool_choice).toBe('required');
    } else {
      expect(body.tools).toEqual([
        { name: 'lookup', description: 'Search the docs', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
      ]);
      expect(body.tool_choice).toEqual({ type: 'any' });
    }
  });

  it('parses a text response with cached usage', () => {
    const response = adapter.parseResponse(readJsonFixture(base, 'suite/text.json'));
    expect(response).toMatchObject(TEXT_RESULT);
    expect(response.message.tool_calls).toBeUndefined();
    expect(Number.isInteger(response.created)).toBe(true);
  });

  it('parses a tool call response', () => {
    const response = adapter.parseResponse(readJsonFixture(base, 'suite/tools.json'));
    expect(response.message.content).toBeNull();
    expect(response.message.tool_calls).toEqual([TOOL_CALL]);
    expect(response.finishReason).toBe('tool_calls');
    expect(response.usage).toEqual({ input: 30, cacheRead: 0, cacheWrite: 0, output: 12, reasoning: 0 });
  });

  it('decodes a streamed answer: start first, end last, the latest usage', () => {
    const parts = decodeAll(adapter.createStreamDecoder(), readSseFixture(base, 'suite/text.chunks.txt'));
    expect(parts[0]).toMatchObject({ type: 'start', id: 'suite-1', model: 'suite-model' });
    expect(parts.at(-1)).toEqual({ type: 'end' });
    const result = assemble(parts);
    expect(result).toMatchObject({ text: 'Hello, world!', finish: 'stop', usage: TEXT_RESULT.usage, ended: true, errors: [] });
  });

  it('decodes a streamed tool call', () => {
    const result = assemble(decodeAll(adapter.createStreamDecoder(), readSseFixture(base, 'suite/tools.chunks.txt')));
    expect(result.toolCalls).toEqual([TOOL_CALL]);
    expect(result.finish).toBe('tool_calls');
    expect(result.usage).toEqual({ input: 30, cacheRead: 0, cacheWrite: 0, output: 12, reasoning: 0 });
    expect(result.text).toBe('');
  });

  it('classifies 429 as rate_limit and parses Retry-After', () => {
    const info = adapter.parseError(429, errorBody(preset.protocol, 'rate'), { 'retry-after': '2' });
    expect(info).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2000 });
  });

  it('classifies 401 as auth without echoing the key', () => {
    const info = adapter.parseError(401, errorBody(preset.protocol, 'auth'), {});
    expect(info.kind).toBe('auth');
    expect(info.message).not.toContain(TEST_KEY);
    expect(info.message).toContain('[redacted]');
  });

  it('classifies 500 as server and a prompt overflow as context_length', () => {
    expect(adapter.parseError(500, errorBody(preset.protocol, 'server'), {}).kind).toBe('server');
    expect(adapter.parseError(400, errorBody(preset.protocol, 'context'), {}).kind).toBe('context_length');
  });

  it('reports a non-JSON error body by status', () => {
    const info = adapter.parseError(502, '<html><body>502 Bad Gateway</body></html>', {});
    expect(info).toEqual({ kind: 'server', status: 502, message: 'Upstream returned HTTP 502' });
  });

  it('rejects a malformed body and a non-JSON stream chunk as invalid_response', () => {
    const kindOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return isProviderError(error) ? error.kind : 'not a ProviderError';
      }
      return undefined;
    };
    expect(kindOf(() => adapter.parseResponse({ unexpected: true }))).toBe('invalid_response');
    expect(kindOf(() => adapter.parseResponse('not json'))).toBe('invalid_response');
    expect(kindOf(() => adapter.createStreamDecoder().push({ data: '{"truncated":' }, () => undefined))).toBe('invalid_response');
  });
});

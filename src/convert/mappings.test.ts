import { describe, expect, it } from 'vitest';
import type { FinishReason, UpstreamErrorKind } from '../spec/chat.js';
import { anthropicSourceToImageUrl, imageUrlToAnthropicSource } from './image-source.js';
import { mapAnthropicErrorType, toAnthropicErrorType } from './map-anthropic-error-type.js';
import { mapAnthropicStopReason, toAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { fromAnthropicToolChoice, toAnthropicToolChoice } from './map-openai-tool-choice.js';
import { mergeAnthropicUsage, normalizeAnthropicUsage, toAnthropicUsage } from './normalize-anthropic-usage.js';
import { responseFormatInstruction } from './response-format-instruction.js';

describe('stop reasons', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    [null, 'stop'],
  ] as const)('%s -> %s', (reason, expected) => {
    expect(mapAnthropicStopReason(reason)).toBe(expected);
  });

  it('round-trips canonical reasons through Anthropic', () => {
    for (const reason of ['stop', 'length', 'tool_calls', 'content_filter'] as FinishReason[]) {
      expect(mapAnthropicStopReason(toAnthropicStopReason(reason))).toBe(reason);
    }
    expect(toAnthropicStopReason('stop', '###')).toBe('stop_sequence');
  });
});

describe('tool choice', () => {
  it('maps OpenAI choices to Anthropic and back', () => {
    const cases = [
      [undefined, undefined],
      ['auto', { type: 'auto' }],
      ['required', { type: 'any' }],
      ['none', { type: 'none' }],
      [{ type: 'function', function: { name: 'f' } }, { type: 'tool', name: 'f' }],
    ] as const;
    for (const [openai, anthropic] of cases) {
      expect(toAnthropicToolChoice(openai, undefined)).toEqual(anthropic);
      if (openai !== undefined) expect(fromAnthropicToolChoice(anthropic)).toEqual({ tool_choice: openai });
    }
  });

  it('carries parallel_tool_calls=false both ways', () => {
    expect(toAnthropicToolChoice(undefined, false)).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(toAnthropicToolChoice('required', false)).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(fromAnthropicToolChoice({ type: 'any', disable_parallel_tool_use: true })).toEqual({ tool_choice: 'required', parallel_tool_calls: false });
  });
});

describe('image sources', () => {
  it('turns data URLs into base64 sources and https URLs into url sources, and back', () => {
    const dataUrl = 'data:image/webp;base64,UklGRh4AAABXRUJQ';
    expect(imageUrlToAnthropicSource(dataUrl)).toEqual({ type: 'base64', media_type: 'image/webp', data: 'UklGRh4AAABXRUJQ' });
    expect(anthropicSourceToImageUrl(imageUrlToAnthropicSource(dataUrl))).toBe(dataUrl);
    expect(imageUrlToAnthropicSource('https://x.test/a.png')).toEqual({ type: 'url', url: 'https://x.test/a.png' });
  });
});

describe('Anthropic usage', () => {
  it('keeps input exclusive of cache and reads thinking tokens when reported', () => {
    expect(
      normalizeAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 200, cache_creation_input_tokens: 30, output_tokens: 50, output_tokens_details: { thinking_tokens: 20 } }),
    ).toEqual({ input: 10, cacheRead: 200, cacheWrite: 30, output: 50, reasoning: 20 });
    expect(normalizeAnthropicUsage(undefined)).toEqual({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });
  });

  it('reads the 1-hour part of the cache writes from cache_creation', () => {
    const usage = { input_tokens: 10, cache_creation_input_tokens: 3000, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 }, output_tokens: 5 };
    expect(normalizeAnthropicUsage(usage)).toEqual({ input: 10, cacheRead: 0, cacheWrite: 3000, cacheWrite1h: 2000, output: 5, reasoning: 0 });
    // never more 1-hour writes than writes; none reported: no field
    expect(normalizeAnthropicUsage({ ...usage, cache_creation_input_tokens: 1500 }).cacheWrite1h).toBe(1500);
    expect(normalizeAnthropicUsage({ ...usage, cache_creation: { ephemeral_5m_input_tokens: 3000, ephemeral_1h_input_tokens: 0 } })).not.toHaveProperty('cacheWrite1h');
    // a message_delta update carries it through the merge
    expect(mergeAnthropicUsage({ input_tokens: 10 }, { cache_creation: usage.cache_creation }).cache_creation).toEqual(usage.cache_creation);
  });

  it('merges cumulative updates by taking the latest value per field (nulls keep the old value)', () => {
    const start = { input_tokens: 100, cache_read_input_tokens: 5, output_tokens: 1 };
    const merged = mergeAnthropicUsage(mergeAnthropicUsage(start, { output_tokens: 40, input_tokens: null }), { output_tokens: 90 });
    expect(merged).toEqual({ input_tokens: 100, cache_read_input_tokens: 5, output_tokens: 90 });
  });

  it('writes canonical usage back as Anthropic fields', () => {
    expect(toAnthropicUsage({ input: 1, cacheRead: 2, cacheWrite: 3, output: 4, reasoning: 1 })).toEqual({
      input_tokens: 1,
      cache_read_input_tokens: 2,
      cache_creation_input_tokens: 3,
      output_tokens: 4,
    });
  });
});

describe('Anthropic error types', () => {
  it('maps types to kinds, with context overflow read from the message', () => {
    expect(mapAnthropicErrorType('overloaded_error')).toBe('overloaded');
    expect(mapAnthropicErrorType('invalid_request_error', 'prompt is too long: 1 > 0')).toBe('context_length');
    expect(mapAnthropicErrorType('invalid_request_error', 'messages: bad')).toBe('bad_request');
    expect(mapAnthropicErrorType('something_new')).toBe('server');
  });

  it('round-trips the kinds Anthropic has types for', () => {
    for (const kind of ['rate_limit', 'overloaded', 'auth', 'not_found', 'timeout', 'bad_request', 'server'] as UpstreamErrorKind[]) {
      expect(mapAnthropicErrorType(toAnthropicErrorType(kind))).toBe(kind);
    }
  });
});

describe('response_format instruction', () => {
  it('asks for JSON, embedding the schema when given', () => {
    expect(responseFormatInstruction(undefined)).toBeUndefined();
    expect(responseFormatInstruction({ type: 'text' })).toBeUndefined();
    expect(responseFormatInstruction({ type: 'json_object' })).toMatch(/JSON object/);
    expect(responseFormatInstruction({ type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' } } })).toContain('{"type":"object"}');
  });
});

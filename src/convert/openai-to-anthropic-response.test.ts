import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../spec/chat.js';
import { toAnthropicMessageId } from './anthropic-message-id.js';
import { convertToAnthropicMessage } from './openai-to-anthropic-response.js';

const base: ChatResponse = {
  id: 'chatcmpl-123',
  model: 'deepseek-reasoner',
  created: 1,
  message: { role: 'assistant', content: 'Hello.' },
  finishReason: 'stop',
  usage: { input: 12, cacheRead: 64, cacheWrite: 0, output: 9, reasoning: 4 },
};

describe('canonical response -> Anthropic message', () => {
  it('writes a text answer with Anthropic usage (input exclusive of cache) and the served model', () => {
    expect(convertToAnthropicMessage(base, { model: 'cheap-model' })).toEqual({
      id: 'msg_123',
      type: 'message',
      role: 'assistant',
      model: 'cheap-model',
      content: [{ type: 'text', text: 'Hello.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 9, cache_read_input_tokens: 64, cache_creation_input_tokens: 0 },
    });
  });

  it('writes no empty text block beside tool calls (an OpenAI-protocol upstream\'s content: "")', () => {
    const message = convertToAnthropicMessage({
      ...base,
      finishReason: 'tool_calls',
      message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    });
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }]);
    const blank = convertToAnthropicMessage({
      ...base,
      finishReason: 'tool_calls',
      message: { role: 'assistant', content: '\n\n', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    });
    expect(blank.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }]);
  });

  it('turns reasoning_content into a thinking block and tool calls into tool_use blocks', () => {
    const message = convertToAnthropicMessage({
      ...base,
      message: {
        role: 'assistant',
        content: null,
        reasoning_content: 'Need the weather.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'broken', arguments: '{"city":' } },
        ],
      },
      finishReason: 'tool_calls',
    });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Need the weather.', signature: '' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'broken', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('prefers signed thinking blocks over reasoning_content', () => {
    const message = convertToAnthropicMessage({
      ...base,
      message: { role: 'assistant', content: 'x', reasoning_content: 'r', thinking_blocks: [{ type: 'thinking', thinking: 'r', signature: 's' }, { type: 'redacted_thinking', data: 'd' }] },
    });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'r', signature: 's' },
      { type: 'redacted_thinking', data: 'd' },
      { type: 'text', text: 'x' },
    ]);
  });

  it.each([
    ['stop', null, false, 'end_turn'],
    ['stop', '###', false, 'stop_sequence'],
    ['stop', null, true, 'tool_use'],
    ['length', null, true, 'max_tokens'],
    ['content_filter', null, false, 'refusal'],
  ] as const)('maps finish %s (stop sequence %s, tool calls %s) to %s', (finishReason, stopSequence, tools, expected) => {
    const message = convertToAnthropicMessage({
      ...base,
      finishReason,
      stopSequence,
      message: { role: 'assistant', content: 'x', ...(tools ? { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] } : {}) },
    });
    expect(message.stop_reason).toBe(expected);
  });

  it('shows an OpenAI refusal as text', () => {
    expect(convertToAnthropicMessage({ ...base, message: { role: 'assistant', content: null, refusal: 'I cannot.' }, finishReason: 'content_filter' }).content).toEqual([
      { type: 'text', text: 'I cannot.' },
    ]);
  });

  it('gives every id the msg_ prefix once', () => {
    expect(toAnthropicMessageId('msg_01')).toBe('msg_01');
    expect(toAnthropicMessageId('chatcmpl-9')).toBe('msg_9');
    expect(toAnthropicMessageId('gen-1')).toBe('msg_gen-1');
  });
});

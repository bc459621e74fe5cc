import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/chat.js';
import { convertAnthropicToOpenAIRequest } from './anthropic-to-openai-request.js';
import type { AnthropicMessagesRequest } from './anthropic-types.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('Anthropic request -> canonical', () => {
  it('converts an agent turn (system blocks, images, thinking, tools, tool results, cache breakpoints)', () => {
    const body: AnthropicMessagesRequest = {
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 32000,
      system: [
        { type: 'text', text: 'You are an agent.' },
        { type: 'text', text: 'Project rules.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Two tools.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'A cat. Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'clock broken' }], is_error: true, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Thanks!' },
          ],
        },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'get_time', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.7,
      top_k: 40,
      metadata: { user_id: 'user-42' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      stream: true,
    };
    const expected: ChatRequest = {
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 32000,
      stream: true,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are an agent.' }, { type: 'text', text: 'Project rules.', cache_control: { type: 'ephemeral' } }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        {
          role: 'assistant',
          content: 'A cat. Checking.',
          reasoning_content: 'Two tools.',
          thinking_blocks: [
            { type: 'thinking', thinking: 'Two tools.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
        // The tool_result's breakpoint moved onto its last content block.
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'clock broken', cache_control: { type: 'ephemeral' } }], is_error: true },
        { role: 'user', content: 'Thanks!' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } }, cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stop: ['END'],
      temperature: 0.7,
      top_k: 40,
      user: 'user-42',
      thinking: { type: 'enabled', budget_tokens: 2048 },
    };
    expect(convertAnthropicToOpenAIRequest(body)).toEqual(expected);
  });

  it('keeps a string system prompt and string contents as strings', () => {
    expect(
      convertAnthropicToOpenAIRequest({ model: 'm', max_tokens: 5, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Hello' }] }).messages,
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
  });

  it('keeps assistant text as parts when a block carries a cache breakpoint', () => {
    const messages = convertAnthropicToOpenAIRequest({
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] }],
    }).messages;
    expect(messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] });
  });

  it('sends no tool_choice without tools, and no user for an empty metadata', () => {
    const request = convertAnthropicToOpenAIRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], tool_choice: { type: 'any' }, metadata: {} });
    expect(request).toEqual({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
  });
});

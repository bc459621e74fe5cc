import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../spec/chat.js';
import type { AnthropicStreamEvent } from './anthropic-types.js';
import { createAnthropicStreamMapper } from './anthropic-stream-to-parts.js';

function run(events: AnthropicStreamEvent[]): StreamPart[] {
  const parts: StreamPart[] = [];
  const mapper = createAnthropicStreamMapper({ now: () => 1700000000 });
  for (const event of events) mapper.push(event, (part) => parts.push(part));
  return parts;
}

const start: AnthropicStreamEvent = {
  type: 'message_start',
  message: { id: 'm', type: 'message', role: 'assistant', model: 'claude', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
};

describe('Anthropic stream mapping', () => {
  it('numbers tool calls among themselves, whatever their block index', () => {
    const parts = run([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'a', name: 'f', input: {} } },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'b', name: 'g', input: { preset: true } } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } },
    ]);
    expect(parts.slice(2)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{"preset":true}' },
      { type: 'tool-call-delta', index: 0, arguments: '{}' },
    ]);
  });

  it('emits start with the injected clock and the message_start usage', () => {
    expect(run([start])).toEqual([
      { type: 'start', id: 'm', model: 'claude', created: 1700000000 },
      { type: 'usage', usage: { input: 10, cacheRead: 0, cacheWrite: 0, output: 1, reasoning: 0 } },
    ]);
  });

  it('ignores ping, block stops and unknown event types', () => {
    expect(run([{ type: 'ping' }, { type: 'content_block_stop', index: 0 }, { type: 'brand_new' } as unknown as AnthropicStreamEvent])).toEqual([]);
  });
});

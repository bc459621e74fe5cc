import { describe, expect, it } from 'vitest';
import type { StreamPart, Usage } from '../spec/chat.js';
import type { AnthropicStreamEvent } from './anthropic-types.js';
import { createAnthropicStreamEncoder } from './parts-to-anthropic-stream.js';

const USAGE: Usage = { input: 10, cacheRead: 200, cacheWrite: 30, output: 7, reasoning: 2 };

function encode(parts: StreamPart[], usage: Usage = USAGE): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  const encoder = createAnthropicStreamEncoder({ id: 'chatcmpl-abc', model: 'deepseek-chat', inputEstimate: 250 });
  for (const part of parts) encoder.push(part, (e) => events.push(e));
  encoder.finish(usage, (e) => events.push(e));
  return events;
}

/** Everything after message_start and ping, as compact strings. */
function body(events: AnthropicStreamEvent[]): string[] {
  return events.slice(2).map((e) => {
    switch (e.type) {
      case 'content_block_start':
        return `start ${e.index} ${JSON.stringify(e.content_block)}`;
      case 'content_block_delta':
        return `delta ${e.index} ${JSON.stringify(e.delta)}`;
      case 'content_block_stop':
        return `stop ${e.index}`;
      default:
        return JSON.stringify(e);
    }
  });
}

const start: StreamPart = { type: 'start', id: 'up', model: 'up', created: 1 };

describe('canonical parts -> Anthropic stream events', () => {
  it('opens with message_start (estimated input, msg_ id, served model) and ping', () => {
    const events = encode([start, { type: 'text', text: 'hi' }, { type: 'finish', reason: 'stop' }]);
    expect(events.slice(0, 2)).toEqual([
      {
        type: 'message_start',
        message: {
          id: 'msg_abc',
          type: 'message',
          role: 'assistant',
          model: 'deepseek-chat',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 250, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
        },
      },
      { type: 'ping' },
    ]);
  });

  it('ends with the exact usage in message_delta, input exclusive of cache, then message_stop', () => {
    const events = encode([start, { type: 'text', text: 'hi' }, { type: 'finish', reason: 'stop' }, { type: 'usage', usage: USAGE }, { type: 'end' }]);
    expect(body(events)).toEqual([
      'start 0 {"type":"text","text":""}',
      'delta 0 {"type":"text_delta","text":"hi"}',
      'stop 0',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10,"output_tokens":7,"cache_read_input_tokens":200,"cache_creation_input_tokens":30}}',
      '{"type":"message_stop"}',
    ]);
  });

  it('turns DeepSeek-style reasoning into an (unsigned) thinking block before the text', () => {
    const events = encode([start, { type: 'reasoning', text: 'let me ' }, { type: 'reasoning', text: 'think' }, { type: 'text', text: 'ok' }, { type: 'finish', reason: 'length' }]);
    expect(body(events).slice(0, 7)).toEqual([
      'start 0 {"type":"thinking","thinking":"","signature":""}',
      'delta 0 {"type":"thinking_delta","thinking":"let me "}',
      'delta 0 {"type":"thinking_delta","thinking":"think"}',
      'stop 0',
      'start 1 {"type":"text","text":""}',
      'delta 1 {"type":"text_delta","text":"ok"}',
      'stop 1',
    ]);
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
  });

  it('passes signatures and redacted thinking through, one block per signature', () => {
    const events = encode([
      start,
      { type: 'reasoning', text: 'a' },
      { type: 'reasoning-signature', signature: 'sig-a' },
      { type: 'reasoning', text: 'b' },
      { type: 'reasoning-signature', signature: 'sig-b' },
      { type: 'redacted-reasoning', data: 'opaque' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(body(events).slice(0, 9)).toEqual([
      'start 0 {"type":"thinking","thinking":"","signature":""}',
      'delta 0 {"type":"thinking_delta","thinking":"a"}',
      'delta 0 {"type":"signature_delta","signature":"sig-a"}',
      'stop 0',
      'start 1 {"type":"thinking","thinking":"","signature":""}',
      'delta 1 {"type":"thinking_delta","thinking":"b"}',
      'delta 1 {"type":"signature_delta","signature":"sig-b"}',
      'stop 1',
      'start 2 {"type":"redacted_thinking","data":"opaque"}',
    ]);
  });

  it('streams sequential parallel tool calls as consecutive tool_use blocks without delay', () => {
    const events = encode([
      start,
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city":' },
      { type: 'tool-call-delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'time' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    expect(body(events)).toEqual([
      'start 0 {"type":"text","text":""}',
      'delta 0 {"type":"text_delta","text":"Checking."}',
      'stop 0',
      'start 1 {"type":"tool_use","id":"call_a","name":"weather","input":{}}',
      'delta 1 {"type":"input_json_delta","partial_json":"{\\"city\\":"}',
      'delta 1 {"type":"input_json_delta","partial_json":"\\"Paris\\"}"}',
      'stop 1',
      'start 2 {"type":"tool_use","id":"call_b","name":"time","input":{}}',
      'delta 2 {"type":"input_json_delta","partial_json":"{}"}',
      'stop 2',
      '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":10,"output_tokens":7,"cache_read_input_tokens":200,"cache_creation_input_tokens":30}}',
      '{"type":"message_stop"}',
    ]);
  });

  it('buffers interleaved tool calls until the open one has complete arguments', () => {
    const events = encode([
      start,
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{"y":' },
      { type: 'tool-call-delta', index: 0, arguments: '{"x":' },
      { type: 'tool-call-delta', index: 0, arguments: '1}' },
      { type: 'tool-call-delta', index: 1, arguments: '2}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    expect(body(events).slice(0, 7)).toEqual([
      'start 0 {"type":"tool_use","id":"a","name":"f","input":{}}',
      'delta 0 {"type":"input_json_delta","partial_json":"{\\"x\\":"}',
      'delta 0 {"type":"input_json_delta","partial_json":"1}"}',
      'stop 0',
      'start 1 {"type":"tool_use","id":"b","name":"g","input":{}}',
      'delta 1 {"type":"input_json_delta","partial_json":"{\\"y\\":"}',
      'delta 1 {"type":"input_json_delta","partial_json":"2}"}',
    ]);
  });

  it('holds text and reasoning that arrive inside a tool call until its arguments are complete', () => {
    const events = encode([
      start,
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 't1' },
      { type: 'text', text: 'note' },
      { type: 'reasoning', text: 'hm' },
      { type: 'tool-call-delta', index: 0, arguments: '{"path": ' },
      { type: 'tool-call-delta', index: 0, arguments: '"/etc/x"}' },
      { type: 'text', text: 'done' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    expect(body(events).slice(0, 11)).toEqual([
      'start 0 {"type":"tool_use","id":"call_a","name":"t1","input":{}}',
      'delta 0 {"type":"input_json_delta","partial_json":"{\\"path\\": "}',
      'delta 0 {"type":"input_json_delta","partial_json":"\\"/etc/x\\"}"}',
      'stop 0',
      'start 1 {"type":"text","text":""}',
      'delta 1 {"type":"text_delta","text":"note"}',
      'stop 1',
      'start 2 {"type":"thinking","thinking":"","signature":""}',
      'delta 2 {"type":"thinking_delta","thinking":"hm"}',
      'stop 2',
      'start 3 {"type":"text","text":""}',
    ]);
  });

  it('sends whitespace only with the words after it: before a tool call it is dropped (Claude refuses it sent back)', () => {
    const events = encode([
      start,
      { type: 'text', text: '\n\n' },
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    expect(body(events).slice(0, 3)).toEqual(['start 0 {"type":"tool_use","id":"a","name":"f","input":{}}', 'delta 0 {"type":"input_json_delta","partial_json":"{}"}', 'stop 0']);
    const words = encode([start, { type: 'text', text: '\n\n' }, { type: 'text', text: 'Hello' }, { type: 'text', text: ' ' }, { type: 'finish', reason: 'stop' }]);
    expect(body(words).slice(0, 4)).toEqual([
      'start 0 {"type":"text","text":""}',
      'delta 0 {"type":"text_delta","text":"\\n\\nHello"}',
      'delta 0 {"type":"text_delta","text":" "}',
      'stop 0',
    ]);
  });

  it('sends held parts whole at the end when a call\'s arguments never complete', () => {
    const events = encode([
      start,
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, arguments: '{"x":' },
      { type: 'text', text: 'tail' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    expect(body(events).slice(0, 9)).toEqual([
      'start 0 {"type":"tool_use","id":"a","name":"f","input":{}}',
      'delta 0 {"type":"input_json_delta","partial_json":"{\\"x\\":"}',
      'stop 0',
      'start 1 {"type":"text","text":""}',
      'delta 1 {"type":"text_delta","text":"tail"}',
      'stop 1',
      'start 2 {"type":"tool_use","id":"b","name":"g","input":{}}',
      'delta 2 {"type":"input_json_delta","partial_json":"{}"}',
      'stop 2',
    ]);
  });

  it('says tool_use when an upstream finishes a tool-call turn with "stop", and reports stop sequences', () => {
    const tool = encode([start, { type: 'tool-call-start', index: 0, id: 'a', name: 'f' }, { type: 'finish', reason: 'stop' }]);
    expect(tool.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    const stop = encode([start, { type: 'text', text: 'x' }, { type: 'finish', reason: 'stop', stopSequence: '###' }]);
    expect(stop.at(-2)).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: '###' } });
  });

  it('starts the message even when the first part is not `start`, and skips empty text', () => {
    const events = encode([{ type: 'text', text: '' }, { type: 'text', text: 'x' }, { type: 'finish', reason: 'stop' }]);
    expect(events[0]!.type).toBe('message_start');
    expect(body(events).slice(0, 3)).toEqual(['start 0 {"type":"text","text":""}', 'delta 0 {"type":"text_delta","text":"x"}', 'stop 0']);
  });
});

describe('tool arguments that are not JSON', () => {
  const sent = (deltas: string[]) => {
    const parts: StreamPart[] = [start, { type: 'tool-call-start', index: 0, id: 'call_1', name: 'get_weather' }];
    for (const d of deltas) parts.push({ type: 'tool-call-delta', index: 0, arguments: d });
    parts.push({ type: 'finish', reason: 'tool_calls' });
    return encode(parts)
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? e.delta.partial_json : ''))
      .join('');
  };

  it('are forwarded only while they can still begin a JSON object (the Anthropic SDK fails the stream otherwise)', () => {
    expect(sent(['{"city": ', '"Paris"}'])).toBe('{"city": "Paris"}');
    // a stray closing brace: the client keeps the valid object
    expect(sent(['{"city": ', '"Paris"}', '}'])).toBe('{"city": "Paris"}');
    // prose or a Python dict: nothing is sent, so the client has the block's empty input, as non-streaming gives {}
    expect(sent(['Sure, ', 'calling it'])).toBe('');
    expect(sent(["{'city': 'Paris'}"])).toBe('');
    // invalid midway: the valid part already sent stays a parseable partial object
    expect(sent(['{"city": "Pa', 'ris", x}'])).toBe('{"city": "Pa');
  });
});

import { describe, expect, it } from 'vitest';
import { parseOpenAIResponse } from './parse-openai-response.js';

const body = {
  id: 'r',
  model: 'm',
  created: 1,
  choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }, { type: 'function', function: { name: 'g', arguments: { a: 1 } } }] }, finish_reason: 'tool_calls' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};

describe('tool calls an upstream sends without ids', () => {
  it('get ids unique within the answer and across answers (Anthropic refuses a history with repeated tool_use ids)', () => {
    const first = parseOpenAIResponse(body, {}).message.tool_calls!;
    const second = parseOpenAIResponse(body, {}).message.tool_calls!;
    expect(first.map((c) => c.id)).toEqual([expect.stringMatching(/^call_[\w-]{8}_0$/), expect.stringMatching(/^call_[\w-]{8}_1$/)]);
    expect(new Set([...first, ...second].map((c) => c.id)).size).toBe(4);
    expect(first[1]!.function.arguments).toBe('{"a":1}');
  });
});

import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../spec/chat.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';

const png = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'screenshot', arguments: '{}' } });

describe('images in tool results', () => {
  it('move to a user message after the run of tool messages, which keep text only', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Look at both screens.' },
      { role: 'assistant', content: null, tool_calls: [call('toolu_a'), call('toolu_b')] },
      { role: 'tool', tool_call_id: 'toolu_a', content: [{ type: 'text', text: 'left screen' }, png] },
      { role: 'tool', tool_call_id: 'toolu_b', content: [png] },
      { role: 'user', content: 'What do you see?' },
    ];
    const out = convertToOpenAIMessages(messages, {}, 'gpt-4o') as { role: string; content: unknown }[];
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'user', 'user']);
    // OpenAI accepts only text in a tool message
    for (const m of out.filter((x) => x.role === 'tool')) expect(JSON.stringify(m.content)).not.toContain('image_url');
    expect(out[2]!.content).toBe('left screen\n\n[1 image attached in the next user message]'); // text-only parts flatten to a string
    expect(out[4]!.content).toEqual([
      { type: 'text', text: 'Image returned by tool call toolu_a:' },
      png,
      { type: 'text', text: 'Image returned by tool call toolu_b:' },
      png,
    ]);
    // the input is not mutated
    expect(messages[2]!.content).toHaveLength(2);
  });

  it('leaves text-only tool results untouched', () => {
    const messages: ChatMessage[] = [
      { role: 'assistant', content: null, tool_calls: [call('c1')] },
      { role: 'tool', tool_call_id: 'c1', content: 'done' },
    ];
    expect(convertToOpenAIMessages(messages, {}, 'gpt-4o')).toBe(messages);
  });
});

describe('tool errors', () => {
  it('mark the result "Error: " since OpenAI tool messages have no is_error', () => {
    const messages: ChatMessage[] = [
      { role: 'assistant', content: null, tool_calls: [call('c1'), call('c2')] },
      { role: 'tool', tool_call_id: 'c1', content: 'file not found', is_error: true },
      { role: 'tool', tool_call_id: 'c2', content: 'ok', is_error: false },
    ];
    const out = convertToOpenAIMessages(messages, {}, 'gpt-4o') as Record<string, unknown>[];
    expect(out[1]).toEqual({ role: 'tool', tool_call_id: 'c1', content: 'Error: file not found' });
    expect(out[2]).toEqual({ role: 'tool', tool_call_id: 'c2', content: 'ok' });
  });
});

describe('a user message right after tool results (Mistral: "Unexpected role \'user\' after role \'tool\'")', () => {
  const messages: ChatMessage[] = [
    { role: 'user', content: 'List the files.' },
    { role: 'assistant', content: null, tool_calls: [call('c1')] },
    { role: 'tool', tool_call_id: 'c1', content: 'a.ts b.ts' },
    // Claude Code's tool_result + system-reminder text in one turn becomes tool + user messages
    { role: 'user', content: '<system-reminder>be brief</system-reminder>' },
  ];

  it('gets an assistant turn before it where the upstream requires one', () => {
    const out = convertToOpenAIMessages(messages, { assistantAfterTool: true }, 'mistral-large-latest') as { role: string }[];
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
    expect(out[3]).toEqual({ role: 'assistant', content: 'Tool results received.' });
  });

  it('is left alone elsewhere', () => {
    expect(convertToOpenAIMessages(messages, {}, 'gpt-4o')).toBe(messages);
  });

  it('bridges the moved images of a tool result too', () => {
    const withImage: ChatMessage[] = [messages[1]!, { role: 'tool', tool_call_id: 'c1', content: [png] }];
    const out = convertToOpenAIMessages(withImage, { assistantAfterTool: true }, 'pixtral-large-latest') as { role: string }[];
    expect(out.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant', 'user']);
  });
});

import { describe, expect, it } from 'vitest';
import { anthropicToolId } from './anthropic-tool-id.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

describe('tool ids sent to Anthropic', () => {
  it('keeps valid ids and rewrites others to the allowed alphabet, distinct and stable', () => {
    expect(anthropicToolId('toolu_01A-b')).toBe('toolu_01A-b');
    expect(anthropicToolId('call_abc123')).toBe('call_abc123');
    const kimi = anthropicToolId('functions.get_weather:0');
    expect(kimi).toMatch(/^functions_get_weather_0_[a-z0-9]+$/);
    expect(anthropicToolId('functions.get_weather:0')).toBe(kimi);
    // ids that differ only in their invalid characters stay apart
    expect(anthropicToolId('functions.get_weather.0')).not.toBe(kimi);
    expect(anthropicToolId('')).toMatch(/^_[a-z0-9]+$/);
  });

  it('rewrites a tool_use and the tool_result answering it the same way', () => {
    const { messages } = convertToAnthropicMessages([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'functions.get_weather:0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'functions.get_weather:0', content: '18 C' },
    ]);
    const use = (messages[1]!.content as { type: string; id?: string }[]).find((b) => b.type === 'tool_use')!;
    const result = (messages[2]!.content as { type: string; tool_use_id?: string }[]).find((b) => b.type === 'tool_result')!;
    expect(use.id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(result.tool_use_id).toBe(use.id);
  });
});

import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { parseAnthropicRequest } from './parse-request.js';

const ok = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };

function failure(body: unknown, countTokens = false): GatewayError {
  try {
    parseAnthropicRequest(body, { countTokens });
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('Anthropic request validation', () => {
  it.each([
    ['a body that is not an object', [], null, 'request body must be a JSON object'],
    ['a missing model', { ...ok, model: undefined }, 'model', 'model: Field required'],
    ['a missing max_tokens', { ...ok, max_tokens: undefined }, 'max_tokens', 'max_tokens: Field required'],
    ['a fractional max_tokens', { ...ok, max_tokens: 1.5 }, 'max_tokens', 'valid integer'],
    ['missing messages', { ...ok, messages: undefined }, 'messages', 'messages: Field required'],
    ['empty messages', { ...ok, messages: [] }, 'messages', 'at least one message'],
    ['a system role in messages', { ...ok, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role', "'user' or 'assistant'"],
    ['an empty user turn', { ...ok, messages: [{ role: 'user', content: [] }] }, 'messages.0.content', 'non-empty content'],
    ['a text block without text', { ...ok, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text', 'Field required'],
    ['a tool_use in a user turn', { ...ok, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }] }, 'messages.0.content.0.type', 'not allowed in a user message'],
    ['a tool_result without its id', { ...ok, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'messages.0.content.0.tool_use_id', 'Field required'],
    ['a tool_use input that is not an object', { ...ok, messages: [ok.messages[0], { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: '{}' }] }] }, 'messages.1.content.0.input', 'valid dictionary'],
    ['an image of an unknown media type', { ...ok, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA' } }] }] }, 'messages.0.content.0.source.media_type', 'image/jpeg'],
    ['a bad cache_control', { ...ok, system: [{ type: 'text', text: 's', cache_control: { type: 'forever' } }] }, 'system.0.cache_control.type', 'ephemeral'],
    ['a system that is a number', { ...ok, system: 3 }, 'system', 'valid string'],
    ['temperature above 1', { ...ok, temperature: 1.5 }, 'temperature', 'between 0 and 1'],
    ['a negative top_k', { ...ok, top_k: -1 }, 'top_k', 'greater than or equal to 0'],
    ['a whitespace stop sequence', { ...ok, stop_sequences: ['  '] }, 'stop_sequences.0', 'non-whitespace'],
    ['a stream that is not a boolean', { ...ok, stream: 'yes' }, 'stream', 'valid boolean'],
    ['a tool without input_schema', { ...ok, tools: [{ name: 'f' }] }, 'tools.0.input_schema', 'Field required'],
    ['a tool with a bad name', { ...ok, tools: [{ name: 'bad name', input_schema: { type: 'object' } }] }, 'tools.0.name', 'pattern'],
    ['a tool_choice naming no tool', { ...ok, tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'g' } }, 'tool_choice.name', 'no tool named "g"'],
    ['an unknown tool_choice type', { ...ok, tool_choice: { type: 'sometimes' } }, 'tool_choice.type', "'auto', 'any', 'tool' or 'none'"],
    ['a thinking budget below 1024', { ...ok, thinking: { type: 'enabled', budget_tokens: 100 } }, 'thinking.budget_tokens', '1024'],
    ['a thinking budget not below max_tokens', { ...ok, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } }, 'max_tokens', 'greater than thinking.budget_tokens'],
    ['a metadata user_id that is a number', { ...ok, metadata: { user_id: 7 } }, 'metadata.user_id', 'valid string'],
  ])('rejects %s with a 400 naming the field', (_label, body, param, message) => {
    const err = failure(body);
    expect(err.status).toBe(400);
    expect(err.category).toBe('invalid_request');
    expect(err.param).toBe(param);
    expect(err.message).toContain(message);
  });

  it.each([
    ['document blocks', { ...ok, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }] }] }, 'messages.0.content.0.type'],
    ['server tools', { ...ok, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools.0.type'],
    ['Files API images', { ...ok, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages.0.content.0.source.type'],
  ])('refuses %s, which Switchyard cannot translate, with a 400 that says so', (_label, body, param) => {
    const err = failure(body);
    expect(err.code).toBe('SY_ERR_UNSUPPORTED_PARAMETER');
    expect(err.param).toBe(param);
    expect(err.message).toMatch(/not supported by Switchyard/);
  });

  it('accepts a minimal request, an empty final assistant prefill, and ignores unknown (beta) fields', () => {
    expect(parseAnthropicRequest({ ...ok, context_management: { edits: [] }, betas: ['x'] })).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    expect(parseAnthropicRequest({ ...ok, messages: [...ok.messages, { role: 'assistant', content: '' }] }).messages).toHaveLength(2);
  });

  it('accepts thinking blocks without a signature (echoed from an OpenAI-protocol upstream)', () => {
    const request = parseAnthropicRequest({ ...ok, messages: [ok.messages[0], { role: 'assistant', content: [{ type: 'thinking', thinking: 'r', signature: '' }, { type: 'text', text: 'a' }] }] });
    expect(request.messages[1]).toEqual({ role: 'assistant', content: 'a', reasoning_content: 'r', thinking_blocks: [{ type: 'thinking', thinking: 'r', signature: '' }] });
  });

  it('maps adaptive thinking, which the canonical form lacks, to enabled thinking with half of max_tokens', () => {
    expect(parseAnthropicRequest({ ...ok, max_tokens: 32000, thinking: { type: 'adaptive', display: 'summarized' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 16000 });
    expect(parseAnthropicRequest({ ...ok, max_tokens: 1500, thinking: { type: 'adaptive' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(parseAnthropicRequest({ ...ok, max_tokens: 1024, thinking: { type: 'adaptive' } })).not.toHaveProperty('thinking');
    expect(failure({ ...ok, thinking: { type: 'between_tools' } }).param).toBe('thinking.type');
  });

  it('does not require max_tokens for count_tokens', () => {
    expect(parseAnthropicRequest({ model: 'm', messages: ok.messages }, { countTokens: true })).toEqual({ model: 'm', messages: ok.messages });
    expect(failure({ model: 'm', messages: ok.messages, max_tokens: 0 }, true).param).toBe('max_tokens');
  });
});

/**
 * Round-trip property tests: random conversations from a small seeded generator are translated to the
 * other protocol and back, and must come back unchanged.
 *
 * - Anthropic request -> canonical (the Anthropic door) -> Anthropic request (the Anthropic adapter).
 * - Canonical (OpenAI) request -> Anthropic request (the adapter) -> canonical (the door).
 * - Anthropic response -> canonical -> Anthropic response, and canonical response -> Anthropic -> canonical.
 * - Anthropic stream events -> canonical parts -> Anthropic stream events.
 *
 * The generators stay inside what each protocol can say in the other; the documented normalisations
 * (docs/anthropic.md) are pinned by the explicit cases at the end.
 */
import { describe, expect, it } from 'vitest';
import { createAnthropicStreamMapper } from '../src/convert/anthropic-stream-to-parts.js';
import { convertAnthropicResponse } from '../src/convert/anthropic-to-openai-response.js';
import type {
  AnthropicMessage,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicRequestBlock,
  AnthropicResponseBlock,
  AnthropicStreamEvent,
  AnthropicTextBlock,
  AnthropicTool,
} from '../src/convert/anthropic-types.js';
import { convertOpenAIToAnthropicRequest } from '../src/convert/openai-to-anthropic-request.js';
import { convertToAnthropicMessage } from '../src/convert/openai-to-anthropic-response.js';
import { createAnthropicStreamEncoder } from '../src/convert/parts-to-anthropic-stream.js';
import { parseAnthropicRequest } from '../src/dialects/anthropic/parse-request.js';
import type { ChatMessage, ChatRequest, ChatResponse, ContentPart, StreamPart, TextPart, ThinkingBlock, ToolCall, ToolDefinition } from '../src/spec/chat.js';

// ---------------------------------------------------------------------------------------------------
// A small seeded generator (mulberry32): reproducible, no dependencies.

class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  word(): string {
    return this.pick(['alpha', 'bravo', 'café', 'delta', '東京', 'echo', 'fox', '{"json":1}', 'line\nbreak', 'emoji 🚀', 'quote"d', 'tab\t']);
  }
  text(): string {
    const n = this.int(1, 6);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(this.word());
    return words.join(' ');
  }
  id(prefix: string): string {
    return `${prefix}${Math.floor(this.next() * 1e12).toString(36)}`;
  }
  json(depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const n = this.int(0, 3);
    for (let i = 0; i < n; i++) {
      const key = `${this.pick(['city', 'q', 'n', 'list', 'nested', 'flag'])}${i}`;
      const kind = depth > 1 ? this.int(0, 2) : this.int(0, 4);
      out[key] = kind === 0 ? this.text() : kind === 1 ? this.int(-5, 1000) : kind === 2 ? this.bool() : kind === 3 ? [this.int(0, 9), this.word()] : this.json(depth + 1);
    }
    return out;
  }
}

const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

// ---------------------------------------------------------------------------------------------------
// Anthropic requests

function cache(r: Rng): { cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' } } {
  if (!r.bool(0.25)) return {};
  return { cache_control: r.bool() ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: r.pick(['5m', '1h'] as const) } };
}

function anthropicText(r: Rng): AnthropicTextBlock {
  return { type: 'text', text: r.text(), ...cache(r) };
}

function anthropicImage(r: Rng): AnthropicRequestBlock {
  const source = r.bool()
    ? { type: 'base64' as const, media_type: r.pick(['image/png', 'image/jpeg', 'image/webp', 'image/gif']), data: PNG }
    : { type: 'url' as const, url: `https://example.com/${r.id('img')}.png` };
  return { type: 'image', source, ...cache(r) };
}

interface AnthropicGenOptions {
  /** Anthropic itself needs signed thinking; compatible upstreams accept unsigned blocks. */
  unsignedThinking: boolean;
}

function genAnthropicRequest(r: Rng, opts: AnthropicGenOptions): AnthropicMessagesRequest {
  const tools: AnthropicTool[] = [];
  const toolCount = r.bool(0.6) ? r.int(1, 3) : 0;
  for (let i = 0; i < toolCount; i++) {
    const tool: AnthropicTool = { name: `tool_${i}_${r.pick(['get', 'set', 'run'])}`, input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: r.bool() ? ['q'] : [] } };
    if (r.bool(0.7)) tool.description = r.text();
    Object.assign(tool, cache(r));
    tools.push(tool);
  }

  const messages: AnthropicMessageParam[] = [];
  const turns = r.int(1, 9);
  let openCalls: string[] = [];
  for (let t = 0; t < turns; t++) {
    if (t % 2 === 0) {
      const blocks: AnthropicRequestBlock[] = [];
      for (const id of openCalls) {
        const content = r.int(0, 2);
        const block: AnthropicRequestBlock = { type: 'tool_result', tool_use_id: id };
        if (content === 1) block.content = r.text();
        if (content === 2) block.content = [anthropicText(r), ...(r.bool(0.3) ? [anthropicImage(r) as AnthropicTextBlock] : [])];
        if (r.bool(0.3)) block.is_error = true;
        blocks.push(block);
      }
      openCalls = [];
      const extra = blocks.length > 0 ? r.int(0, 2) : r.int(1, 3);
      for (let i = 0; i < extra; i++) blocks.push(r.bool(0.8) ? anthropicText(r) : anthropicImage(r));
      const plain = blocks.length === 1 && blocks[0]!.type === 'text' && !('cache_control' in blocks[0]!) && r.bool();
      messages.push({ role: 'user', content: plain ? (blocks[0] as AnthropicTextBlock).text : blocks });
    } else {
      const blocks: AnthropicRequestBlock[] = [];
      const thinking = r.int(0, 2);
      for (let i = 0; i < thinking; i++) {
        if (r.bool(0.8)) {
          const signed = !opts.unsignedThinking || r.bool();
          blocks.push(signed ? { type: 'thinking', thinking: r.text(), signature: r.id('sig') } : { type: 'thinking', thinking: r.text() });
        } else {
          blocks.push({ type: 'redacted_thinking', data: r.id('redacted') });
        }
      }
      // One text block (several would be joined into one: a documented normalisation), or several with a breakpoint.
      const texts = r.int(0, 2);
      const withCache = texts > 1 || r.bool(0.2);
      for (let i = 0; i < texts; i++) {
        const block: AnthropicTextBlock = { type: 'text', text: r.text() };
        if (withCache && i === texts - 1) block.cache_control = { type: 'ephemeral' };
        blocks.push(block);
      }
      const calls = tools.length > 0 && r.bool(0.6) ? r.int(1, 3) : 0;
      for (let i = 0; i < calls; i++) {
        const id = r.id('toolu_');
        openCalls.push(id);
        blocks.push({ type: 'tool_use', id, name: r.pick(tools).name, input: r.json() });
      }
      if (blocks.length === 0) blocks.push({ type: 'text', text: r.text(), cache_control: { type: 'ephemeral' } });
      const plain = blocks.length === 1 && blocks[0]!.type === 'text' && r.bool(0.3);
      messages.push({ role: 'assistant', content: plain ? (blocks[0] as AnthropicTextBlock).text : blocks });
    }
  }

  const thinkingOn = r.bool(0.3);
  const body: AnthropicMessagesRequest = { model: 'claude-test', max_tokens: thinkingOn ? r.int(2048, 64000) : r.int(1, 64000), messages };
  const system = r.int(0, 2);
  if (system === 1) body.system = r.text();
  if (system === 2) body.system = [anthropicText(r), ...(r.bool() ? [anthropicText(r)] : [])];
  if (tools.length > 0) {
    body.tools = tools;
    const choice = r.int(0, 4);
    const disable = r.bool(0.3) ? { disable_parallel_tool_use: true } : {};
    if (choice === 1) body.tool_choice = { type: 'auto', ...disable };
    if (choice === 2) body.tool_choice = { type: 'any', ...disable };
    if (choice === 3) body.tool_choice = { type: 'tool', name: r.pick(tools).name, ...disable };
    if (choice === 4) body.tool_choice = { type: 'none' };
  }
  if (r.bool(0.3)) body.stop_sequences = [r.word().trim() || 'END', 'STOP'];
  if (thinkingOn) body.thinking = { type: 'enabled', budget_tokens: r.int(1024, body.max_tokens - 1) };
  else {
    if (r.bool(0.2)) body.thinking = { type: 'disabled' };
    // Recent Claude models reject temperature and top_p together: at most one is sent.
    if (r.bool(0.4)) body.temperature = r.pick([0, 0.3, 1]);
    else if (r.bool(0.3)) body.top_p = r.pick([0.5, 0.9, 1]);
    if (r.bool(0.3)) body.top_k = r.int(0, 100);
  }
  if (r.bool(0.3)) body.metadata = { user_id: r.id('user_') };
  if (r.bool(0.5)) body.stream = true;
  return body;
}

/** Equivalent forms Anthropic treats the same, written the way the adapter writes them. */
function normaliseAnthropic(body: AnthropicMessagesRequest): AnthropicMessagesRequest {
  return {
    ...body,
    messages: body.messages.map((m) => (m.role === 'assistant' && typeof m.content === 'string' ? { role: 'assistant', content: [{ type: 'text', text: m.content }] } : m)),
  };
}

function anthropicRoundTrip(body: AnthropicMessagesRequest, keepUnsignedThinking: boolean): AnthropicMessagesRequest {
  const canonical = parseAnthropicRequest(structuredClone(body));
  return convertOpenAIToAnthropicRequest(canonical, { model: body.model, defaultMaxTokens: 4096, stream: canonical.stream === true, keepUnsignedThinking });
}

describe('Anthropic request -> canonical -> Anthropic request', () => {
  it(`is unchanged for ${SEEDS.length} random conversations (Anthropic upstream: signed thinking)`, () => {
    for (const seed of SEEDS) {
      const body = genAnthropicRequest(new Rng(seed), { unsignedThinking: false });
      expect(anthropicRoundTrip(body, false), `seed ${seed}`).toEqual(normaliseAnthropic(body));
    }
  });

  it(`is unchanged for ${SEEDS.length} random conversations (compatible upstream: unsigned thinking kept)`, () => {
    for (const seed of SEEDS) {
      const body = genAnthropicRequest(new Rng(seed * 7919), { unsignedThinking: true });
      expect(anthropicRoundTrip(body, true), `seed ${seed}`).toEqual(normaliseAnthropic(body));
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Canonical (OpenAI-shaped) requests

function canonicalText(r: Rng): TextPart {
  return { type: 'text', text: r.text(), ...cache(r) };
}

function canonicalParts(r: Rng): ContentPart[] {
  const n = r.int(1, 3);
  const parts: ContentPart[] = [];
  for (let i = 0; i < n; i++) {
    if (r.bool(0.75)) parts.push(canonicalText(r));
    else {
      const url = r.bool() ? `data:${r.pick(['image/png', 'image/jpeg'])};base64,${PNG}` : `https://example.com/${r.id('i')}.jpg`;
      parts.push({ type: 'image_url', image_url: { url }, ...cache(r) });
    }
  }
  return parts;
}

function genCanonicalRequest(r: Rng): ChatRequest {
  const tools: ToolDefinition[] = [];
  const toolCount = r.bool(0.6) ? r.int(1, 3) : 0;
  for (let i = 0; i < toolCount; i++) {
    const tool: ToolDefinition = { type: 'function', function: { name: `fn_${i}`, parameters: { type: 'object', properties: { a: { type: 'integer' } } } } };
    if (r.bool()) tool.function.description = r.text();
    Object.assign(tool, cache(r));
    tools.push(tool);
  }
  const messages: ChatMessage[] = [];
  const system = r.int(0, 2);
  if (system === 1) messages.push({ role: 'system', content: r.text() });
  if (system === 2) messages.push({ role: 'system', content: [canonicalText(r), canonicalText(r)] });
  const turns = r.int(1, 9);
  let afterTools = false;
  for (let t = 0; t < turns; t++) {
    if (t % 2 === 0) {
      // After tool results a user turn merges into the same Anthropic turn: a string reads back as one.
      if (!afterTools || r.bool(0.7)) messages.push({ role: 'user', content: afterTools || r.bool() ? r.text() : canonicalParts(r) });
      afterTools = false;
    } else {
      const thinking: ThinkingBlock[] = [];
      for (let i = r.int(0, 2); i > 0; i--) {
        thinking.push(r.bool(0.8) ? { type: 'thinking', thinking: r.text(), signature: r.id('sig') } : { type: 'redacted_thinking', data: r.id('opaque') });
      }
      const calls: ToolCall[] = [];
      if (tools.length > 0 && r.bool(0.6)) {
        for (let i = r.int(1, 3); i > 0; i--) calls.push({ id: r.id('call_'), type: 'function', function: { name: r.pick(tools).function.name, arguments: JSON.stringify(r.json()) } });
      }
      const contentKind = r.int(0, 2);
      const content = contentKind === 0 && (calls.length > 0 || thinking.length > 0) ? null : contentKind === 2 ? [{ type: 'text' as const, text: r.text(), cache_control: { type: 'ephemeral' as const } }] : r.text();
      const message: ChatMessage = { role: 'assistant', content };
      if (calls.length > 0) message.tool_calls = calls;
      if (thinking.length > 0) {
        message.thinking_blocks = thinking;
        const reasoning = thinking.map((b) => b.thinking ?? '').join('');
        if (reasoning) message.reasoning_content = reasoning;
      }
      messages.push(message);
      for (const call of calls) {
        const result: ChatMessage = { role: 'tool', tool_call_id: call.id, content: r.bool() ? r.text() : canonicalParts(r) };
        if (r.bool(0.3)) result.is_error = true;
        messages.push(result);
      }
      afterTools = calls.length > 0;
    }
  }
  if (messages.every((m) => m.role === 'system')) messages.push({ role: 'user', content: r.text() });

  const thinkingOn = r.bool(0.3);
  const request: ChatRequest = { model: 'claude-test', messages, max_tokens: thinkingOn ? r.int(2048, 32000) : r.int(1, 32000) };
  if (tools.length > 0) {
    request.tools = tools;
    const choice = r.int(0, 4);
    if (choice === 1) request.tool_choice = 'auto';
    if (choice === 2) request.tool_choice = 'required';
    if (choice === 3) request.tool_choice = { type: 'function', function: { name: r.pick(tools).function.name } };
    if (choice === 4) request.tool_choice = 'none';
    if (choice >= 1 && choice <= 3 && r.bool(0.3)) request.parallel_tool_calls = false;
  }
  if (r.bool(0.3)) request.stop = ['###', r.pick(['END', 'Observation:'])];
  if (thinkingOn) request.thinking = { type: 'enabled', budget_tokens: r.int(1024, (request.max_tokens ?? 2048) - 1) };
  else if (r.bool(0.5)) {
    if (r.bool()) request.temperature = r.pick([0, 0.5, 1]);
    else request.top_p = 0.9;
    if (r.bool(0.3)) request.top_k = r.int(1, 50);
  }
  if (r.bool(0.3)) request.user = r.id('user-');
  if (r.bool(0.5)) request.stream = true;
  return request;
}

describe('canonical (OpenAI) request -> Anthropic request -> canonical', () => {
  it(`is unchanged for ${SEEDS.length} random conversations`, () => {
    for (const seed of SEEDS) {
      const request = genCanonicalRequest(new Rng(seed * 104729));
      const anthropic = convertOpenAIToAnthropicRequest(structuredClone(request), { model: request.model, defaultMaxTokens: 4096, stream: request.stream === true });
      expect(parseAnthropicRequest(JSON.parse(JSON.stringify(anthropic))), `seed ${seed}`).toEqual(request);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Responses and streams

function genAnthropicMessage(r: Rng): AnthropicMessage {
  const content: AnthropicResponseBlock[] = [];
  for (let i = r.int(0, 2); i > 0; i--) {
    content.push(r.bool(0.8) ? { type: 'thinking', thinking: r.text(), signature: r.id('sig') } : { type: 'redacted_thinking', data: r.id('d') });
  }
  // (an empty text block is normalised away: see the test below)
  if (r.bool(0.8)) content.push({ type: 'text', text: r.text() });
  const calls = r.bool(0.4) ? r.int(1, 3) : 0;
  for (let i = 0; i < calls; i++) content.push({ type: 'tool_use', id: r.id('toolu_'), name: `t${i}`, input: r.json() });
  const stop = calls > 0 ? 'tool_use' : r.pick(['end_turn', 'max_tokens', 'stop_sequence', 'refusal'] as const);
  return {
    id: r.id('msg_'),
    type: 'message',
    role: 'assistant',
    model: 'claude-test',
    content,
    stop_reason: stop,
    stop_sequence: stop === 'stop_sequence' ? r.pick(['###', 'END']) : null,
    usage: { input_tokens: r.int(0, 5000), output_tokens: r.int(0, 5000), cache_read_input_tokens: r.int(0, 100000), cache_creation_input_tokens: r.int(0, 3000) },
  };
}

describe('Anthropic response -> canonical -> Anthropic response', () => {
  it(`is unchanged for ${SEEDS.length} random responses`, () => {
    for (const seed of SEEDS) {
      const message = genAnthropicMessage(new Rng(seed * 31));
      expect(convertToAnthropicMessage(convertAnthropicResponse(message, { created: 1 })), `seed ${seed}`).toEqual(message);
    }
  });

  it('drops an empty text block, which Anthropic would reject when the turn is sent back', () => {
    for (const seed of SEEDS.slice(0, 50)) {
      const message = genAnthropicMessage(new Rng(seed * 31));
      const withEmpty = { ...message, content: [{ type: 'text' as const, text: '' }, ...message.content.filter((b) => b.type !== 'text')] };
      const back = convertToAnthropicMessage(convertAnthropicResponse(withEmpty, { created: 1 }));
      expect(back.content, `seed ${seed}`).toEqual(withEmpty.content.slice(1));
    }
  });
});

function genCanonicalResponse(r: Rng): ChatResponse {
  const calls: ToolCall[] = [];
  for (let i = r.bool(0.4) ? r.int(1, 3) : 0; i > 0; i--) calls.push({ id: r.id('call_'), type: 'function', function: { name: 'f', arguments: JSON.stringify(r.json()) } });
  const response: ChatResponse = {
    id: r.id('msg_'),
    model: 'm',
    created: 1,
    message: { role: 'assistant', content: calls.length > 0 && r.bool() ? null : r.text() },
    finishReason: calls.length > 0 ? 'tool_calls' : r.pick(['stop', 'length', 'content_filter'] as const),
    stopSequence: null,
    usage: { input: r.int(0, 999), cacheRead: r.int(0, 999), cacheWrite: r.int(0, 99), output: r.int(0, 999), reasoning: 0 },
  };
  if (calls.length > 0) response.message.tool_calls = calls;
  if (r.bool(0.4)) {
    const blocks: ThinkingBlock[] = [{ type: 'thinking', thinking: r.text(), signature: r.id('s') }];
    response.message.thinking_blocks = blocks;
    response.message.reasoning_content = blocks[0]!.thinking!;
  }
  return response;
}

describe('canonical response -> Anthropic response -> canonical', () => {
  it(`is unchanged for ${SEEDS.length} random responses`, () => {
    for (const seed of SEEDS) {
      const response = genCanonicalResponse(new Rng(seed * 17));
      expect(convertAnthropicResponse(convertToAnthropicMessage(response), { created: 1 }), `seed ${seed}`).toEqual(response);
    }
  });
});

/** The events Anthropic would stream for a message, with the deltas split at random points. */
function streamEvents(r: Rng, message: AnthropicMessage): AnthropicStreamEvent[] {
  const split = (s: string): string[] => {
    const pieces: string[] = [];
    let rest = s;
    while (rest.length > 0) {
      const n = r.int(1, Math.max(1, Math.ceil(rest.length / 2)));
      pieces.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    return pieces;
  };
  const events: AnthropicStreamEvent[] = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } } },
    { type: 'ping' },
  ];
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of split(block.text)) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    } else if (block.type === 'thinking') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const piece of split(block.thinking)) events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature ?? '' } });
    } else if (block.type === 'redacted_thinking') {
      events.push({ type: 'content_block_start', index, content_block: block });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      for (const piece of split(JSON.stringify(block.input))) events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence }, usage: message.usage });
  events.push({ type: 'message_stop' });
  return events;
}

/** Consecutive deltas of one block joined: how a client reads them. */
function coalesce(events: readonly AnthropicStreamEvent[]): AnthropicStreamEvent[] {
  const out: AnthropicStreamEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (event.type === 'content_block_delta' && last?.type === 'content_block_delta' && last.index === event.index && last.delta.type === event.delta.type) {
      const a = last.delta;
      const b = event.delta;
      if (a.type === 'text_delta' && b.type === 'text_delta') a.text += b.text;
      else if (a.type === 'thinking_delta' && b.type === 'thinking_delta') a.thinking += b.thinking;
      else if (a.type === 'input_json_delta' && b.type === 'input_json_delta') a.partial_json += b.partial_json;
      else out.push(structuredClone(event));
      continue;
    }
    out.push(structuredClone(event));
  }
  return out;
}

describe('Anthropic stream -> canonical parts -> Anthropic stream', () => {
  it(`gives the same events for ${SEEDS.length} random streams`, () => {
    for (const seed of SEEDS) checkStream(seed);
  });

  function checkStream(seed: number): void {
    const r = new Rng(seed * 13);
    const message = genAnthropicMessage(r);
    // An empty text block streams no delta and so cannot be seen in canonical parts.
    message.content = message.content.filter((b) => b.type !== 'text' || b.text !== '');
    const events = streamEvents(r, message);
    const parts: StreamPart[] = [];
    const mapper = createAnthropicStreamMapper({ now: () => 1 });
    for (const event of events) mapper.push(event, (p) => parts.push(p));

    const encoder = createAnthropicStreamEncoder({ id: message.id, model: message.model, inputEstimate: 7 });
    const out: AnthropicStreamEvent[] = [];
    let last = parts.filter((p) => p.type === 'usage').at(-1);
    for (const part of parts) encoder.push(part, (e) => out.push(e));
    if (last?.type !== 'usage') last = { type: 'usage', usage: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 } };
    encoder.finish(last.usage, (e) => out.push(e));
    expect(coalesce(out), `seed ${seed}`).toEqual(coalesce(events));
  }
});

// ---------------------------------------------------------------------------------------------------
// The documented normalisations, one by one.

describe('documented normalisations', () => {
  const base = { model: 'm', max_tokens: 100 };
  const back = (body: Record<string, unknown>): AnthropicMessagesRequest => {
    const canonical = parseAnthropicRequest({ ...base, ...body });
    return convertOpenAIToAnthropicRequest(canonical, { model: 'm', defaultMaxTokens: 4096 });
  };

  it('an assistant string becomes one text block, several text blocks one joined block', () => {
    expect(back({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'a' }] });
    const joined = back({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] });
    expect(joined.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'ab' }] });
  });

  it('text either side of a tool call stays two paragraphs when joined (it ran together as "beforeafter")', () => {
    const content = [
      { type: 'text', text: 'before' },
      { type: 'tool_use', id: 't1', name: 'f', input: {} },
      { type: 'text', text: 'after' },
    ];
    const message = back({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content }] }).messages[1]!;
    expect(message.content).toEqual([{ type: 'text', text: 'before\n\nafter' }, content[1]]);
  });

  it('assistant blocks come back as thinking, text, tool_use', () => {
    const content = [
      { type: 'text', text: 'first' },
      { type: 'tool_use', id: 't1', name: 'f', input: {} },
      { type: 'thinking', thinking: 'late', signature: 's' },
    ];
    expect(back({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content }] }).messages[1]!.content).toEqual([content[2], content[0], content[1]]);
  });

  it('tool results come first in their user turn', () => {
    const content = [
      { type: 'text', text: 'note' },
      { type: 'tool_result', tool_use_id: 't1', content: 'ok' },
    ];
    expect(back({ messages: [{ role: 'user', content }] }).messages[0]!.content).toEqual([content[1], content[0]]);
  });

  it('a tool_result breakpoint moves onto its last content block; a tool_use breakpoint is lost', () => {
    const out = back({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {}, cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    expect(out.messages[1]!.content).toEqual([{ type: 'tool_use', id: 't1', name: 'f', input: {} }]);
    expect(out.messages[2]!.content).toEqual([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok', cache_control: { type: 'ephemeral' } }] }]);
  });

  it('drops what carries no information: is_error false, empty metadata, stream false, tool_choice without tools', () => {
    const out = back({
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x', is_error: false }] }],
      metadata: {},
      stream: false,
      tool_choice: { type: 'auto' },
      tool_choice_unknown_field: true,
    });
    expect(out).toEqual({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }] });
  });

  it('consecutive turns of one role are merged, as Anthropic itself does', () => {
    const out = back({ messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] });
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]);
  });

  it('sampling settings give way to extended thinking, and top_p to temperature', () => {
    const thinking = back({ max_tokens: 4000, messages: [{ role: 'user', content: 'q' }], thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 1, top_k: 5 });
    expect(thinking).not.toHaveProperty('temperature');
    expect(thinking).not.toHaveProperty('top_k');
    const both = back({ messages: [{ role: 'user', content: 'q' }], temperature: 0.5, top_p: 0.9 });
    expect(both).toMatchObject({ temperature: 0.5 });
    expect(both).not.toHaveProperty('top_p');
  });

  it('OpenAI side: system messages are hoisted into one, developer becomes system, stop becomes a list', () => {
    const request: ChatRequest = {
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'system', content: 'a' },
        { role: 'user', content: 'q' },
        { role: 'developer', content: 'b' },
      ],
      stop: 'END',
    };
    const canonical = parseAnthropicRequest(JSON.parse(JSON.stringify(convertOpenAIToAnthropicRequest(request, { model: 'm', defaultMaxTokens: 1 }))));
    expect(canonical.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      { role: 'user', content: 'q' },
    ]);
    expect(canonical.stop).toEqual(['END']);
  });

  it('OpenAI side: plain reasoning_content (no signed blocks) does not reach Anthropic itself', () => {
    const request: ChatRequest = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a', reasoning_content: 'r' }] };
    expect(convertOpenAIToAnthropicRequest(request, { model: 'm', defaultMaxTokens: 1 }).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'a' }] });
    const compatible = convertOpenAIToAnthropicRequest(request, { model: 'm', defaultMaxTokens: 1, keepUnsignedThinking: true });
    expect(parseAnthropicRequest(compatible).messages[1]).toEqual({ role: 'assistant', content: 'a', reasoning_content: 'r', thinking_blocks: [{ type: 'thinking', thinking: 'r' }] });
  });
});

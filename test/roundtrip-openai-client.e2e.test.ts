/**
 * End to end, the other direction: the official `openai` SDK against Switchyard's chat completions door,
 * served by an emulated Anthropic-protocol upstream. Tool use over several turns (parallel calls
 * included), extended thinking with signatures kept across turns, cache tokens and errors.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/harness.js';

const CONFIG = `
ledger: sqlite:DIR/ledger.db
baseline: claude-sonnet-4-6
timeouts: { connect_ms: 1000, first_byte_ms: 1500, idle_ms: 800, total_ms: 10000 }
retry: { max_attempts: 2, base_delay_ms: 5, max_delay_ms: 20, retry_after_cap_ms: 1500 }
providers:
  anthropic: { preset: anthropic, base_url: EMU/anthropic, api_key: sk-ant-test-SECRET }
models:
  - { id: claude-parallel, provider: anthropic, upstream: claude-sonnet-4-6-parallel, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 } }
  - { id: claude-limited, provider: anthropic, upstream: claude-fault-429, price: { input: 3, output: 15 } }
  - { id: claude-down, provider: anthropic, upstream: claude-fault-503, price: { input: 3, output: 15 } }
  - { id: claude-cut, provider: anthropic, upstream: claude-fault-stream-cut, price: { input: 3, output: 15 } }
`;

const MODEL = 'claude-sonnet-4-6';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness(CONFIG);
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await h?.close();
});

const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', description: 'Time by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
];

/** Switchyard's documented extensions on the OpenAI shapes (Anthropic thinking). */
interface ThinkingExtension {
  thinking?: { type: 'enabled'; budget_tokens: number };
}
type AssistantWithThinking = OpenAI.ChatCompletionMessage & {
  reasoning_content?: string;
  thinking_blocks?: Array<{ type: string; thinking?: string; signature?: string }>;
};

interface AnthropicSent {
  system?: unknown;
  messages: Array<{ role: string; content: unknown }>;
  thinking?: unknown;
  stop_sequences?: string[];
}

function lastSent(): AnthropicSent {
  const sent = h.emulator.requests.at(-1)!;
  expect(sent.path).toBe('/anthropic/v1/messages');
  return sent.body as AnthropicSent;
}

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  let text = '';
  let reasoning = '';
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  const calls = new Map<number, { id: string; name: string; args: string }>();
  const thinkingBlocks: NonNullable<AssistantWithThinking['thinking_blocks']> = [];
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    text += choice.delta.content ?? '';
    thinkingBlocks.push(...((choice.delta as { thinking_blocks?: typeof thinkingBlocks }).thinking_blocks ?? []));
    reasoning += (choice.delta as { reasoning_content?: string }).reasoning_content ?? '';
    finish = choice.finish_reason ?? finish;
    for (const tc of choice.delta.tool_calls ?? []) {
      const call = calls.get(tc.index) ?? { id: '', name: '', args: '' };
      if (tc.id) call.id = tc.id;
      if (tc.function?.name) call.name = tc.function.name;
      call.args += tc.function?.arguments ?? '';
      calls.set(tc.index, call);
    }
  }
  return { text, reasoning, finish, usage, thinkingBlocks, calls: [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c) };
}

describe('OpenAI client, Anthropic upstream: tools over several turns', () => {
  it('runs tool call -> tool result -> answer -> next tool call, ids and results intact upstream', async () => {
    h.emulator.reset();
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'Weather in Paris?' },
    ];
    const first = await client.chat.completions.create({ model: MODEL, messages, tools: [tools[0]!] });
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    const call = first.choices[0]!.message.tool_calls![0]!;
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temp_c": 21}' });

    const second = await collect(await client.chat.completions.create({ model: MODEL, messages, tools: [tools[0]!], stream: true, stream_options: { include_usage: true } }));
    expect(second.finish).toBe('stop');
    expect(second.text.length).toBeGreaterThan(0);
    expect(second.usage?.prompt_tokens).toBeGreaterThan(0);
    const sent = lastSent();
    expect(sent.system).toBe('You are a weather bot.');
    expect(sent.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: JSON.parse(call.function.arguments) as unknown }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '{"temp_c": 21}' }] },
    ]);

    messages.push({ role: 'assistant', content: second.text }, { role: 'user', content: 'And Berlin?' });
    const third = await collect(await client.chat.completions.create({ model: MODEL, messages, tools: [tools[0]!], stream: true }));
    expect(third.finish).toBe('tool_calls');
    expect(third.calls).toHaveLength(1);
    expect(JSON.parse(third.calls[0]!.args)).toHaveProperty('city');
  });

  it('streams parallel tool calls with their own indexes', async () => {
    const result = await collect(await client.chat.completions.create({ model: 'claude-parallel', messages: [{ role: 'user', content: 'Weather and time in Oslo?' }], tools, stream: true }));
    expect(result.finish).toBe('tool_calls');
    expect(result.calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    for (const c of result.calls) expect(JSON.parse(c.args)).toHaveProperty('city');
    expect(new Set(result.calls.map((c) => c.id)).size).toBe(2);
  });

  it('sends parallel_tool_calls=false and stop as Anthropic fields', async () => {
    h.emulator.reset();
    const res = await client.chat.completions.create({ model: 'claude-parallel', messages: [{ role: 'user', content: 'Both?' }], tools, parallel_tool_calls: false, stop: ['###'] });
    expect(res.choices[0]!.message.tool_calls).toHaveLength(1);
    const sent = h.emulator.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(sent.stop_sequences).toEqual(['###']);
  });
});

describe('OpenAI client, Anthropic upstream: thinking', () => {
  it('returns reasoning_content and signed thinking_blocks, and sends the signatures back next turn', async () => {
    const thinking: ThinkingExtension = { thinking: { type: 'enabled', budget_tokens: 1024 } };
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Lyon?' }];
    const params: OpenAI.ChatCompletionCreateParamsNonStreaming & ThinkingExtension = { model: MODEL, messages, tools: [tools[0]!], max_tokens: 500, ...thinking };
    const first = await client.chat.completions.create(params);
    const message = first.choices[0]!.message as AssistantWithThinking;
    expect(message.reasoning_content?.length).toBeGreaterThan(0);
    expect(message.thinking_blocks?.[0]).toMatchObject({ type: 'thinking', thinking: message.reasoning_content });
    expect(message.thinking_blocks?.[0]?.signature).toMatch(/\w{10,}/);
    // Anthropic counts thinking inside max_tokens: the client's limit is kept for the answer.
    expect((h.emulator.requests.at(-1)!.body as { max_tokens: number }).max_tokens).toBe(1524);

    const call = message.tool_calls![0]!;
    messages.push(message, { role: 'tool', tool_call_id: call.id, content: 'rain' });
    const streamParams: OpenAI.ChatCompletionCreateParamsStreaming & ThinkingExtension = { model: MODEL, messages, tools: [tools[0]!], max_tokens: 500, stream: true, ...thinking };
    const second = await collect(await client.chat.completions.create(streamParams));
    expect(second.reasoning.length).toBeGreaterThan(0);
    expect(second.text.length).toBeGreaterThan(0);
    const sent = lastSent();
    expect(sent.thinking).toEqual(thinking.thinking);
    expect(sent.messages[1]!.content).toEqual([
      { type: 'thinking', thinking: message.reasoning_content, signature: message.thinking_blocks![0]!.signature },
      { type: 'tool_use', id: call.id, name: 'get_weather', input: JSON.parse(call.type === 'function' ? call.function.arguments : '{}') as unknown },
    ]);
  });
});

describe('OpenAI client, Anthropic upstream: streamed thinking', () => {
  it('streams signed thinking_blocks, which go back to Claude with their signatures next turn', async () => {
    const thinking: ThinkingExtension = { thinking: { type: 'enabled', budget_tokens: 1024 } };
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Nantes?' }];
    const params: OpenAI.ChatCompletionCreateParamsStreaming & ThinkingExtension = { model: MODEL, messages, tools: [tools[0]!], max_tokens: 500, stream: true, ...thinking };
    const first = await collect(await client.chat.completions.create(params));
    expect(first.finish).toBe('tool_calls');
    expect(first.thinkingBlocks).toHaveLength(1);
    // the whole block, text and signature, as the non-streaming message.thinking_blocks has it
    expect(first.thinkingBlocks[0]).toEqual({ type: 'thinking', thinking: first.reasoning, signature: expect.stringMatching(/\w{10,}/) as unknown });

    const call = first.calls[0]!;
    const assistant = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } }],
      thinking_blocks: first.thinkingBlocks,
    } as OpenAI.ChatCompletionAssistantMessageParam;
    messages.push(assistant, { role: 'tool', tool_call_id: call.id, content: 'sun' });
    await client.chat.completions.create({ ...params, messages, stream: false });
    expect(lastSent().messages[1]!.content).toEqual([
      { type: 'thinking', thinking: first.reasoning, signature: first.thinkingBlocks[0]!.signature },
      { type: 'tool_use', id: call.id, name: 'get_weather', input: JSON.parse(call.args) as unknown },
    ]);
  });
});

describe('OpenAI client, Anthropic upstream: usage and errors', () => {
  it('reports Anthropic cache writes and reads in OpenAI usage (prompt_tokens includes both)', async () => {
    h.emulator.reset();
    const system: OpenAI.ChatCompletionSystemMessageParam = {
      role: 'system',
      content: [{ type: 'text', text: 'Stable instructions. '.repeat(30), cache_control: { type: 'ephemeral' } } as OpenAI.ChatCompletionContentPartText],
    };
    const first = await client.chat.completions.create({ model: MODEL, messages: [system, { role: 'user', content: 'One?' }] });
    const second = await client.chat.completions.create({ model: MODEL, messages: [system, { role: 'user', content: 'Two?' }] });
    const written = (first.usage!.prompt_tokens_details as { cache_write_tokens?: number }).cache_write_tokens ?? 0;
    expect(written).toBeGreaterThan(0);
    expect(second.usage!.prompt_tokens_details?.cached_tokens).toBe(written);
    expect(second.usage!.prompt_tokens).toBeGreaterThan(written);
  });

  it.each([
    ['claude-limited', 429],
    ['claude-down', 503],
  ] as const)('maps Anthropic upstream failures of %s to an OpenAI %i', async (model, status) => {
    const err = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
  });

  it('ends an Anthropic stream cut mid-answer with an in-band error, never a clean finish', async () => {
    const stream = await client.chat.completions.create({ model: 'claude-cut', messages: [{ role: 'user', content: 'x' }], stream: true });
    const err = await collect(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
  });
});

/**
 * Canonical (OpenAI-shaped) chat request -> Anthropic Messages request body.
 *
 * Parameters Anthropic does not know (n, seed, logprobs, presence_penalty, ...) are not passed through:
 * Anthropic rejects unknown fields.
 */
import type { ChatRequest } from '../spec/chat.js';
import type { AnthropicMessagesRequest, AnthropicTool } from './anthropic-types.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { toAnthropicToolChoice } from './map-openai-tool-choice.js';
import { responseFormatInstruction } from './response-format-instruction.js';
import { asNumber } from './json.js';

export interface OpenAIToAnthropicOptions {
  /** The model name sent upstream. */
  model: string;
  /** Used when the request sets no output limit (Anthropic requires `max_tokens`). */
  defaultMaxTokens: number;
  /** The model's output ceiling, when known: `max_tokens` is clamped to it (Anthropic refuses more). */
  maxOutput?: number;
  stream?: boolean;
  /** See `AnthropicMessagesOptions.keepUnsignedThinking`. */
  keepUnsignedThinking?: boolean;
}

export function convertOpenAIToAnthropicRequest(request: ChatRequest, options: OpenAIToAnthropicOptions): AnthropicMessagesRequest {
  const { system, plainSystem, messages } = convertToAnthropicMessages(request.messages, { keepUnsignedThinking: options.keepUnsignedThinking });

  const instruction = responseFormatInstruction(request.response_format);
  if (instruction) system.push({ type: 'text', text: instruction });

  const body: AnthropicMessagesRequest = {
    model: options.model,
    max_tokens: maxTokens(request, options.defaultMaxTokens, options.maxOutput),
    messages,
  };
  // A one-string system prompt stays a string, as Anthropic clients write it (the two forms are equivalent).
  if (system.length > 0) body.system = plainSystem !== undefined && !instruction ? plainSystem : system;

  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map(toAnthropicTool);
    const choice = toAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls);
    if (choice) body.tool_choice = choice;
  }

  const stops = stopSequences(request.stop);
  if (stops) body.stop_sequences = stops;

  // Extended thinking rejects temperature/top_k changes (and most top_p values). Clients often send a
  // default temperature, so sampling settings give way to thinking rather than fail the request.
  const thinking = request.thinking?.type === 'enabled';
  if (!thinking) {
    // Anthropic's temperature range is 0..1 (OpenAI's is 0..2); clamp rather than fail the request.
    if (request.temperature !== undefined) body.temperature = Math.min(Math.max(request.temperature, 0), 1);
    // Recent Claude models reject temperature and top_p together; temperature is the more common intent.
    if (request.top_p !== undefined && request.temperature === undefined) body.top_p = request.top_p;
    const topK = asNumber(request.top_k);
    if (topK !== undefined) body.top_k = topK;
  }

  if (request.user) body.metadata = { user_id: request.user };
  if (request.thinking) body.thinking = request.thinking;
  // clamped to a smaller model's ceiling, the thinking budget must still stay below max_tokens
  if (request.thinking?.type === 'enabled' && request.thinking.budget_tokens >= body.max_tokens) {
    body.thinking = { ...request.thinking, budget_tokens: Math.max(1, body.max_tokens - 1) };
  }
  if (options.stream) body.stream = true;
  return body;
}

/**
 * Anthropic counts thinking inside `max_tokens` and requires `max_tokens > budget_tokens`. A limit that
 * leaves no room for the budget (an OpenAI client means the visible answer) gets the budget added on top.
 * Then it is clamped to the model's ceiling: Claude Code asks 32000 of models that stop at 8192, which
 * Anthropic refuses with a 400 (the thinking budget is lowered to fit, see above).
 */
function maxTokens(request: ChatRequest, fallback: number, ceiling: number | undefined): number {
  const limit = request.max_completion_tokens ?? request.max_tokens ?? fallback;
  const budget = request.thinking?.type === 'enabled' ? request.thinking.budget_tokens : 0;
  const wanted = budget >= limit ? budget + limit : limit;
  return ceiling !== undefined && ceiling > 0 ? Math.min(wanted, ceiling) : wanted;
}

function toAnthropicTool(tool: NonNullable<ChatRequest['tools']>[number]): AnthropicTool {
  const out: AnthropicTool = {
    name: tool.function.name,
    input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
  };
  if (tool.function.description) out.description = tool.function.description;
  if (tool.cache_control) out.cache_control = tool.cache_control;
  return out;
}

/** Anthropic rejects whitespace-only stop sequences. */
function stopSequences(stop: ChatRequest['stop']): string[] | undefined {
  if (stop === undefined) return undefined;
  const list = (typeof stop === 'string' ? [stop] : stop).filter((s) => s.trim() !== '');
  return list.length > 0 ? list : undefined;
}

/**
 * True when the last assistant turn calls tools but does not start with a thinking block. With thinking
 * on, Anthropic requires "a final assistant message must start with a thinking block" in a tool loop.
 */
export function toolTurnWithoutThinking(messages: AnthropicMessagesRequest['messages']): boolean {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== 'assistant') continue;
    if (typeof m.content === 'string') return false;
    const first = m.content[0];
    const callsTools = m.content.some((b) => b.type === 'tool_use');
    return callsTools && first?.type !== 'thinking' && first?.type !== 'redacted_thinking';
  }
  return false;
}

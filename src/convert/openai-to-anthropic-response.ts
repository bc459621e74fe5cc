/**
 * Canonical `ChatResponse` -> Anthropic Messages response. The reverse of anthropic-to-openai-response.ts,
 * used by the Anthropic front door whatever protocol the upstream spoke.
 *
 * Content blocks come in Anthropic's order: thinking (signed blocks as received; plain `reasoning_content`
 * from OpenAI-protocol upstreams as one unsigned thinking block), then the text, then one `tool_use` per
 * tool call. Usage is Anthropic-shaped: `input_tokens` excludes cache reads and writes.
 */
import type { ChatResponse, ResponseMessage } from '../spec/chat.js';
import type { AnthropicMessage, AnthropicResponseBlock, AnthropicStopReason } from './anthropic-types.js';
import { toAnthropicMessageId } from './anthropic-message-id.js';
import { toAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { toAnthropicUsage } from './normalize-anthropic-usage.js';
import { parseToolInput } from './tool-input.js';

export interface ToAnthropicMessageOptions {
  /** The model name shown to the client (the served model). Defaults to the upstream's. */
  model?: string;
}

export function convertToAnthropicMessage(response: ChatResponse, options: ToAnthropicMessageOptions = {}): AnthropicMessage {
  const message = response.message;
  const content: AnthropicResponseBlock[] = thinkingBlocks(message);
  const text = message.content || message.refusal || '';
  // Anthropic rejects empty text blocks when the agent sends this turn back (OpenAI-protocol upstreams
  // often answer a tool call with `content: ""`); Claude itself answers nothing with `content: []`.
  // whitespace-only text too ("\n\n" beside a tool call): the next turn would carry it back, and Claude
  // refuses a text block without non-whitespace text
  if (text.trim() !== '') content.push({ type: 'text', text });
  for (const call of message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseToolInput(call.function.arguments) });
  }
  const hasToolCalls = (message.tool_calls?.length ?? 0) > 0;
  return {
    id: toAnthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: options.model ?? response.model,
    content,
    stop_reason: stopReason(response, hasToolCalls),
    stop_sequence: response.stopSequence ?? null,
    usage: toAnthropicUsage(response.usage),
  };
}

function thinkingBlocks(message: ResponseMessage): AnthropicResponseBlock[] {
  if (message.thinking_blocks && message.thinking_blocks.length > 0) {
    return message.thinking_blocks.map((block) =>
      block.type === 'redacted_thinking'
        ? { type: 'redacted_thinking', data: block.data ?? '' }
        : { type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' },
    );
  }
  // Anthropic's schema always has a signature; an OpenAI-protocol upstream gives none to pass on.
  return message.reasoning_content ? [{ type: 'thinking', thinking: message.reasoning_content, signature: '' }] : [];
}

/** Some OpenAI-protocol upstreams finish a tool-call turn with `stop`: agents need `tool_use` to act. */
export function stopReason(response: Pick<ChatResponse, 'finishReason' | 'stopSequence'>, hasToolCalls: boolean): AnthropicStopReason {
  if (hasToolCalls && response.finishReason === 'stop') return 'tool_use';
  return toAnthropicStopReason(response.finishReason, response.stopSequence);
}

/**
 * Anthropic Messages response -> canonical `ChatResponse`.
 *
 * Text blocks are joined; tool_use blocks become tool calls with JSON-text arguments; thinking blocks become
 * `reasoning_content` (for OpenAI-style clients) and `thinking_blocks` (signatures kept, so the turn can be
 * sent back to Anthropic). Server-tool blocks are skipped.
 */
import type { ChatResponse, ThinkingBlock, ToolCall } from '../spec/chat.js';
import type { AnthropicMessage } from './anthropic-types.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { normalizeAnthropicUsage } from './normalize-anthropic-usage.js';

export interface AnthropicResponseOptions {
  /** Anthropic responses carry no timestamp; defaults to now (seconds). */
  created?: number;
}

export function convertAnthropicResponse(message: AnthropicMessage, options: AnthropicResponseOptions = {}): ChatResponse {
  let text = '';
  let hasText = false;
  let reasoning = '';
  const thinkingBlocks: ThinkingBlock[] = [];
  const toolCalls: ToolCall[] = [];

  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        text += block.text;
        hasText = true;
        break;
      case 'thinking':
        reasoning += block.thinking;
        thinkingBlocks.push(block.signature !== undefined
          ? { type: 'thinking', thinking: block.thinking, signature: block.signature }
          : { type: 'thinking', thinking: block.thinking });
        break;
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      case 'tool_use':
        toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
        break;
      default:
        break;
    }
  }

  const response: ChatResponse = {
    id: message.id,
    model: message.model,
    created: options.created ?? Math.floor(Date.now() / 1000),
    message: { role: 'assistant', content: hasText ? text : null },
    finishReason: mapAnthropicStopReason(message.stop_reason),
    stopSequence: message.stop_sequence ?? null,
    usage: normalizeAnthropicUsage(message.usage),
  };
  if (toolCalls.length > 0) response.message.tool_calls = toolCalls;
  if (reasoning !== '') response.message.reasoning_content = reasoning;
  if (thinkingBlocks.length > 0) response.message.thinking_blocks = thinkingBlocks;
  return response;
}

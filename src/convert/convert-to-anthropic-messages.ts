/**
 * Canonical (OpenAI-shaped) messages -> Anthropic `system` + `messages`.
 *
 * System/developer messages are hoisted into `system` wherever they appear (Anthropic has no system role in
 * `messages`). Tool results become `tool_result` blocks in a user turn, and adjacent turns of the same role
 * are merged, because several Anthropic-compatible upstreams insist on strict user/assistant alternation.
 */
import type { AssistantMessage, ChatMessage, ContentPart, TextPart, ToolMessage } from '../spec/chat.js';
import type {
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicRequestBlock,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic-types.js';
import { imageUrlToAnthropicSource } from './image-source.js';
import { parseToolInput } from './tool-input.js';
import { anthropicToolId } from './anthropic-tool-id.js';

export interface AnthropicMessagesOptions {
  /**
   * Send thinking without an Anthropic signature (plain `reasoning_content`, or unsigned thinking blocks).
   * Anthropic itself rejects unsigned thinking blocks, so by default they are dropped; some compatible
   * upstreams (DeepSeek, Kimi) want the reasoning of tool-call turns back and accept them.
   */
  keepUnsignedThinking?: boolean;
}

export interface AnthropicPrompt {
  system: AnthropicTextBlock[];
  /**
   * Set when the whole system prompt was one plain string (one system message, string content): it can be
   * sent as `system: "..."`, exactly as an Anthropic client would have written it.
   */
  plainSystem?: string;
  messages: AnthropicMessageParam[];
}

export function convertToAnthropicMessages(
  messages: readonly ChatMessage[],
  options: AnthropicMessagesOptions = {},
): AnthropicPrompt {
  const system: AnthropicTextBlock[] = [];
  const out: AnthropicMessageParam[] = [];
  let systemMessages = 0;
  let plainSystem: string | undefined;
  const ids = new ToolIds();
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        systemMessages++;
        if (typeof message.content === 'string') plainSystem = message.content;
        system.push(...toTextBlocks(message.content));
        break;
      case 'user':
        append(out, 'user', toUserContent(message.content));
        break;
      case 'assistant': {
        const blocks = toAssistantBlocks(message, options, ids);
        // An empty assistant turn is invalid for Anthropic; it carries nothing anyway.
        if (blocks.length > 0) append(out, 'assistant', blocks);
        break;
      }
      case 'tool':
        append(out, 'user', [toToolResult(message, ids)]);
        break;
    }
  }
  const prompt: AnthropicPrompt = { system, messages: out };
  if (systemMessages === 1 && plainSystem && system.length === 1) prompt.plainSystem = plainSystem;
  return prompt;
}

function append(out: AnthropicMessageParam[], role: 'user' | 'assistant', content: string | AnthropicRequestBlock[]): void {
  const previous = out[out.length - 1];
  if (previous?.role !== role) {
    out.push({ role, content });
    return;
  }
  previous.content = [...asBlocks(previous.content), ...asBlocks(content)];
}

function asBlocks(content: string | AnthropicRequestBlock[]): AnthropicRequestBlock[] {
  if (typeof content !== 'string') return content;
  return content === '' ? [] : [{ type: 'text', text: content }];
}

function textBlock(part: TextPart): AnthropicTextBlock {
  return part.cache_control ? { type: 'text', text: part.text, cache_control: part.cache_control } : { type: 'text', text: part.text };
}

/**
 * Anthropic rejects empty and whitespace-only text blocks ("text content blocks must contain non-whitespace
 * text"), which OpenAI-protocol models leave beside a tool call (`content: "\n\n"`), so they are dropped.
 */
function toTextBlocks(content: string | TextPart[] | null): AnthropicTextBlock[] {
  if (content === null || (typeof content === 'string' && isBlank(content))) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const blocks: AnthropicTextBlock[] = [];
  for (const part of content) if (part.type === 'text' && !isBlank(part.text)) blocks.push(textBlock(part));
  return blocks;
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

function toContentBlocks(parts: ContentPart[]): Array<AnthropicTextBlock | AnthropicImageBlock> {
  const blocks: Array<AnthropicTextBlock | AnthropicImageBlock> = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (!isBlank(part.text)) blocks.push(textBlock(part));
    } else if (part.type === 'image_url') {
      const block: AnthropicImageBlock = { type: 'image', source: imageUrlToAnthropicSource(part.image_url.url) };
      if (part.cache_control) block.cache_control = part.cache_control;
      blocks.push(block);
    }
  }
  return blocks;
}

function toUserContent(content: string | ContentPart[]): string | AnthropicRequestBlock[] {
  return typeof content === 'string' ? content : toContentBlocks(content);
}

/**
 * Tool-call ids as Claude needs them: valid characters (anthropicToolId) and unique in the conversation.
 * Kimi numbers its calls `functions.NAME:0` afresh every turn, so a history holds the same id several
 * times, which Claude refuses; a repeated id gets the number of its occurrence, and a tool result goes with
 * the latest call of its id (the one it answers).
 */
class ToolIds {
  private readonly count = new Map<string, number>();
  private readonly latest = new Map<string, string>();

  forCall(id: string): string {
    const n = (this.count.get(id) ?? 0) + 1;
    this.count.set(id, n);
    const mapped = n === 1 ? anthropicToolId(id) : `${anthropicToolId(id)}_${n}`;
    this.latest.set(id, mapped);
    return mapped;
  }

  forResult(id: string): string {
    return this.latest.get(id) ?? anthropicToolId(id);
  }
}

function toAssistantBlocks(message: AssistantMessage, options: AnthropicMessagesOptions, ids: ToolIds): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  const keepUnsigned = options.keepUnsignedThinking === true;
  // Thinking first: Anthropic requires a turn's thinking blocks to precede its text and tool_use blocks.
  if (message.thinking_blocks && message.thinking_blocks.length > 0) {
    for (const block of message.thinking_blocks) {
      if (block.type === 'redacted_thinking') {
        if (block.data) blocks.push({ type: 'redacted_thinking', data: block.data });
      } else if (block.thinking !== undefined && (block.signature || keepUnsigned)) {
        blocks.push(block.signature ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : { type: 'thinking', thinking: block.thinking });
      }
    }
  } else if (message.reasoning_content && keepUnsigned) {
    blocks.push({ type: 'thinking', thinking: message.reasoning_content });
  }
  blocks.push(...toTextBlocks(message.content));
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: 'tool_use', id: ids.forCall(call.id), name: call.function.name, input: parseToolInput(call.function.arguments) });
  }
  return blocks;
}

function toToolResult(message: ToolMessage, ids: ToolIds): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: ids.forResult(message.tool_call_id) };
  if (typeof message.content === 'string') {
    if (message.content !== '') block.content = message.content;
  } else {
    const content = toContentBlocks(message.content);
    if (content.length > 0) block.content = content;
  }
  if (message.is_error) block.is_error = true;
  return block;
}

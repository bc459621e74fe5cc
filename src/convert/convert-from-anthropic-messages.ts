/**
 * Anthropic `system` + `messages` -> canonical (OpenAI-shaped) messages. The reverse of
 * convert-to-anthropic-messages.ts: converting back with it gives the Anthropic request again (the few
 * normalisations are listed in docs/anthropic.md and checked by test/roundtrip.test.ts).
 *
 * - `system` (a string or text blocks, `cache_control` kept) becomes one leading system message.
 * - A user turn is split where the canonical form needs separate messages: each `tool_result` becomes a
 *   `tool` message (tool results first, as Anthropic requires and OpenAI-protocol upstreams need), the
 *   other blocks stay one user message. Converting back merges them into one user turn again.
 * - An assistant turn keeps its thinking blocks (signatures included) in `thinking_blocks`, with their text
 *   also in `reasoning_content` for OpenAI-protocol upstreams; `tool_use` blocks become tool calls. Its
 *   text is a plain string (what OpenAI-protocol upstreams expect of an assistant message) unless a block
 *   carries `cache_control`, which only the parts form can hold.
 */
import type {
  AssistantMessage,
  CacheControl,
  ChatMessage,
  ContentPart,
  ImagePart,
  TextPart,
  ThinkingBlock,
  ToolCall,
  ToolMessage,
} from '../spec/chat.js';
import type {
  AnthropicCacheControl,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicRequestBlock,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic-types.js';
import { anthropicSourceToImageUrl } from './image-source.js';

export function convertFromAnthropicMessages(
  system: string | readonly AnthropicTextBlock[] | undefined,
  messages: readonly AnthropicMessageParam[],
): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (typeof system === 'string') {
    if (system !== '') out.push({ role: 'system', content: system });
  } else if (system && system.length > 0) {
    out.push({ role: 'system', content: system.map(textPart) });
  }
  for (const message of messages) {
    if (message.role === 'user') pushUser(out, message.content);
    else out.push(toAssistant(message.content));
  }
  return out;
}

function cacheControl(cc: AnthropicCacheControl): CacheControl {
  return cc.ttl === undefined ? { type: cc.type } : { type: cc.type, ttl: cc.ttl };
}

function textPart(block: AnthropicTextBlock): TextPart {
  return block.cache_control ? { type: 'text', text: block.text, cache_control: cacheControl(block.cache_control) } : { type: 'text', text: block.text };
}

function imagePart(block: AnthropicImageBlock): ImagePart {
  const part: ImagePart = { type: 'image_url', image_url: { url: anthropicSourceToImageUrl(block.source) } };
  if (block.cache_control) part.cache_control = cacheControl(block.cache_control);
  return part;
}

function contentParts(blocks: readonly (AnthropicTextBlock | AnthropicImageBlock)[]): ContentPart[] {
  return blocks.map((block) => (block.type === 'text' ? textPart(block) : imagePart(block)));
}

function pushUser(out: ChatMessage[], content: string | readonly AnthropicRequestBlock[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  const results: AnthropicToolResultBlock[] = [];
  const rest: Array<AnthropicTextBlock | AnthropicImageBlock> = [];
  for (const block of content) {
    if (block.type === 'tool_result') results.push(block);
    else if (block.type === 'text' || block.type === 'image') rest.push(block);
  }
  if (results.length === 0) {
    out.push({ role: 'user', content: contentParts(rest) });
    return;
  }
  for (const block of results) out.push(toToolMessage(block));
  if (rest.length === 0) return;
  // Text after tool results: a single plain text block reads best as a string (it is merged back into
  // the same Anthropic turn as a text block either way).
  const only = rest.length === 1 ? rest[0] : undefined;
  if (only?.type === 'text' && !only.cache_control) out.push({ role: 'user', content: only.text });
  else out.push({ role: 'user', content: contentParts(rest) });
}

/**
 * The canonical tool message has no `cache_control` of its own: a breakpoint on the `tool_result` block
 * moves to its last content part, which ends the cached prefix at the same content.
 */
function toToolMessage(block: AnthropicToolResultBlock): ToolMessage {
  let content: string | ContentPart[] = typeof block.content === 'string' || block.content === undefined ? (block.content ?? '') : contentParts(block.content);
  if (block.cache_control) {
    const cc = cacheControl(block.cache_control);
    if (typeof content === 'string') {
      if (content !== '') content = [{ type: 'text', text: content, cache_control: cc }];
    } else {
      const last = content[content.length - 1];
      if (last && !last.cache_control) content[content.length - 1] = { ...last, cache_control: cc };
    }
  }
  const message: ToolMessage = { role: 'tool', tool_call_id: block.tool_use_id, content };
  if (block.is_error !== undefined) message.is_error = block.is_error;
  return message;
}

function toAssistant(content: string | readonly AnthropicRequestBlock[]): AssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const text: TextPart[] = [];
  const thinking: ThinkingBlock[] = [];
  const calls: ToolCall[] = [];
  let reasoning = '';
  let apart = false;
  for (const block of content) {
    if (block.type !== 'text') apart = true;
    switch (block.type) {
      case 'text':
        // Adjacent text blocks are one text cut up (citations); text either side of a tool call or thinking
        // is two paragraphs, which joined bare would run together ("beforeafter").
        text.push(text.length > 0 && apart ? { ...textPart(block), text: `\n\n${block.text}` } : textPart(block));
        apart = false;
        break;
      case 'thinking':
        reasoning += block.thinking;
        thinking.push(block.signature === undefined ? { type: 'thinking', thinking: block.thinking } : { type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        thinking.push({ type: 'redacted_thinking', data: block.data });
        break;
      case 'tool_use':
        calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
        break;
      default:
        break;
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: assistantText(text) };
  if (calls.length > 0) message.tool_calls = calls;
  if (thinking.length > 0) message.thinking_blocks = thinking;
  if (reasoning !== '') message.reasoning_content = reasoning;
  return message;
}

function assistantText(parts: TextPart[]): string | TextPart[] | null {
  if (parts.length === 0) return null;
  if (parts.some((part) => part.cache_control)) return parts;
  return parts.length === 1 ? parts[0]!.text : parts.map((part) => part.text).join('');
}

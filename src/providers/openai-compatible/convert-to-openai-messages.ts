/**
 * Canonical messages -> the messages an OpenAI-protocol upstream accepts. The canonical messages already
 * are OpenAI-shaped, so this only removes or maps Switchyard's extensions (`thinking_blocks`,
 * `reasoning_content`, `cache_control`, `is_error`, which becomes an `Error: ` prefix on the tool
 * result) and applies id/signature quirks. Images in a tool result (an Anthropic client's screenshot
 * tool) are not allowed in an OpenAI `tool` message: they move to a user message right after the run of
 * tool messages, each labelled with its tool call id.
 *
 * Hot path: copy-on-write. Messages that need no change are passed through by reference, and when no
 * message changes the input array itself is returned.
 */
import { flattenTextContent } from '../../convert/flatten-text-content.js';
import type { AssistantMessage, ChatMessage, ContentPart, ToolCall, ToolDefinition, ToolMessage } from '../../spec/chat.js';
import { isRecord, type JsonRecord } from '../../convert/json.js';
import type { ProviderQuirks } from '../presets/types.js';
import { isMistralToolCallId, toMistralToolCallId } from './mistral-tool-call-id.js';
import { inlineThinkTags } from './think-tag-splitter.js';

/** Google's documented value for replaying tool calls whose real thought signature was lost. */
export const THOUGHT_SIGNATURE_SENTINEL = 'skip_thought_signature_validator';

interface Flags {
  stripCache: boolean;
  bridgeTool: boolean;
  reasoning: NonNullable<ProviderQuirks['reasoningHistory']>;
  inline: boolean;
  mistralIds: boolean;
  thoughtSignature: boolean;
}

export function convertToOpenAIMessages(messages: readonly ChatMessage[], quirks: ProviderQuirks, model: string): readonly unknown[] {
  const flags: Flags = {
    stripCache: !quirks.cacheControl,
    bridgeTool: quirks.assistantAfterTool === true,
    reasoning: quirks.reasoningHistory ?? 'drop',
    inline: quirks.inlineThinkTags === true,
    mistralIds: quirks.toolCallIdFormat === 'mistral',
    // Gemini 1.x/2.x do not validate signatures; newer models do.
    thoughtSignature: quirks.thoughtSignatureFallback === true && !/gemini-[12]\./i.test(model),
  };
  let out: unknown[] | undefined;
  let images: ContentPart[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    let converted = convertMessage(message, flags);
    if (message.role === 'tool' && hasImage(message.content)) {
      images ??= [];
      converted = moveImages(converted as ToolMessage, images);
    }
    // Text-only block arrays become one string: DeepSeek and some Qwen deployments accept only strings,
    // and Anthropic clients (Claude Code) send every content as blocks. Presets that keep cache_control
    // need the blocks, so they keep them.
    if (flags.stripCache) converted = flattenMessage(converted);
    // the message sent just before this one: the original, or a user message carrying moved images
    const previous = (out === undefined ? messages[i - 1] : out[out.length - 1]) as { role?: string } | undefined;
    const bridge = flags.bridgeTool && message.role === 'user' && previous?.role === 'tool';
    if ((converted !== message || bridge) && out === undefined) out = messages.slice(0, i);
    if (bridge) out!.push(TOOL_BRIDGE);
    out?.push(converted);
    if (images !== undefined && messages[i + 1]?.role !== 'tool') {
      if (flags.bridgeTool) out!.push(TOOL_BRIDGE);
      out!.push({ role: 'user', content: flags.stripCache ? stripCacheControl(images) : images });
      images = undefined;
    }
  }
  return out ?? messages;
}

/** The assistant turn put between tool results and a user message for upstreams that require one. */
const TOOL_BRIDGE = Object.freeze({ role: 'assistant', content: 'Tool results received.' });

function hasImage(content: ToolMessage['content']): boolean {
  return Array.isArray(content) && content.some((part) => part.type === 'image_url');
}

/** The tool message without its images (a note where they went); the images, labelled, onto `images`. */
function moveImages(message: ToolMessage, images: ContentPart[]): ToolMessage {
  const parts = message.content as ContentPart[];
  const kept = parts.filter((part) => part.type !== 'image_url');
  const moved = parts.length - kept.length;
  images.push({ type: 'text', text: `Image${moved > 1 ? 's' : ''} returned by tool call ${message.tool_call_id}:` });
  for (const part of parts) if (part.type === 'image_url') images.push(part);
  kept.push({ type: 'text', text: `[${moved} image${moved > 1 ? 's' : ''} attached in the next user message]` });
  return { ...message, content: kept };
}

/** Tools lose `cache_control` unless the upstream implements explicit caching. */
export function convertToOpenAITools(tools: readonly ToolDefinition[], quirks: ProviderQuirks): readonly unknown[] {
  if (quirks.cacheControl || !tools.some((tool) => tool.cache_control !== undefined)) return tools;
  return tools.map((tool) => {
    if (tool.cache_control === undefined) return tool;
    const { cache_control: _dropped, ...rest } = tool;
    return rest;
  });
}

function convertMessage(message: ChatMessage, flags: Flags): unknown {
  switch (message.role) {
    case 'assistant':
      return convertAssistant(message, flags);
    case 'tool':
      return convertTool(message, flags);
    default:
      if (flags.stripCache && hasCacheControl(message.content)) return { ...message, content: stripCacheControl(message.content as ContentPart[]) };
      return message;
  }
}

function convertAssistant(message: AssistantMessage, flags: Flags): unknown {
  const calls = message.tool_calls;
  const hasCalls = calls !== undefined && calls.length > 0;
  const keepReasoning = flags.reasoning === 'keep' || (flags.reasoning === 'tool-calls' && hasCalls);
  const fillReasoning = flags.reasoning === 'tool-calls' && hasCalls && message.reasoning_content === undefined;
  const inlineReasoning = flags.inline && Boolean(message.reasoning_content);
  const fixIds = hasCalls && flags.mistralIds && calls.some((call) => !isMistralToolCallId(call.id));
  const fixSignature = hasCalls && flags.thoughtSignature && !calls.some(hasThoughtSignature);
  const stripCache = flags.stripCache && hasCacheControl(message.content);
  const dirty =
    message.thinking_blocks !== undefined ||
    (message.reasoning_content !== undefined && (!keepReasoning || inlineReasoning)) ||
    fillReasoning || fixIds || fixSignature || stripCache;
  if (!dirty) return message;

  const { thinking_blocks: _thinking, reasoning_content: reasoning, ...rest } = message;
  const out: JsonRecord = rest;
  if (stripCache) out.content = stripCacheControl(message.content as ContentPart[]);
  if (inlineReasoning) out.content = withInlineReasoning(reasoning ?? '', out.content as AssistantMessage['content']);
  else if (keepReasoning && (reasoning !== undefined || fillReasoning)) out.reasoning_content = reasoning ?? '';
  if (hasCalls && (fixIds || fixSignature)) {
    out.tool_calls = calls.map((call, i) => {
      let fixed: JsonRecord = call as unknown as JsonRecord;
      if (fixIds) fixed = { ...fixed, id: toMistralToolCallId(call.id) };
      // Gemini signs only the first call of a parallel set, so the sentinel goes there too.
      if (fixSignature && i === 0) fixed = { ...fixed, extra_content: { google: { thought_signature: THOUGHT_SIGNATURE_SENTINEL } } };
      return fixed;
    });
  }
  return out;
}

function convertTool(message: ToolMessage, flags: Flags): unknown {
  const fixId = flags.mistralIds && !isMistralToolCallId(message.tool_call_id);
  const stripCache = flags.stripCache && hasCacheControl(message.content);
  if (message.is_error === undefined && !fixId && !stripCache) return message;
  const { is_error: isError, ...rest } = message;
  const out: JsonRecord = rest;
  if (fixId) out.tool_call_id = toMistralToolCallId(message.tool_call_id);
  if (stripCache) out.content = stripCacheControl(message.content as ContentPart[]);
  // OpenAI has no error flag on tool results: say it in the content so the model still knows the call failed
  if (isError === true) out.content = markError(out.content as ToolMessage['content']);
  return out;
}

const TOOL_ERROR_PREFIX = 'Error: ';

function markError(content: ToolMessage['content']): ToolMessage['content'] {
  if (typeof content === 'string') return TOOL_ERROR_PREFIX + content;
  return [{ type: 'text', text: TOOL_ERROR_PREFIX.trimEnd() }, ...content];
}

function hasCacheControl(content: unknown): boolean {
  if (!Array.isArray(content)) return false;
  for (const part of content) if (isRecord(part) && part.cache_control !== undefined) return true;
  return false;
}

function stripCacheControl(parts: readonly ContentPart[]): unknown[] {
  return parts.map((part) => {
    if (part.cache_control === undefined) return part;
    const { cache_control: _dropped, ...rest } = part;
    return rest;
  });
}

function withInlineReasoning(reasoning: string, content: AssistantMessage['content']): unknown {
  if (Array.isArray(content)) return [{ type: 'text', text: inlineThinkTags(reasoning, '') }, ...content];
  return inlineThinkTags(reasoning, content ?? '');
}

function hasThoughtSignature(call: ToolCall): boolean {
  const extra = (call as ToolCall & { extra_content?: unknown }).extra_content;
  return isRecord(extra) && isRecord(extra.google) && typeof extra.google.thought_signature === 'string';
}

function flattenMessage(message: unknown): unknown {
  const content = (message as { content?: unknown }).content;
  if (!Array.isArray(content)) return message;
  const flat = flattenTextContent(content as ContentPart[]);
  return flat === content ? message : { ...(message as object), content: flat };
}

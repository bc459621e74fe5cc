/** Validates an Anthropic Messages body and reduces it to an `EmuRequest`. */
import { BadRequest, isObject, optionalPositiveInt, stopList, type EmuRequest, type EmuTool, type Json, type Segment, type ToolMode } from './request.js';

/** `countTokens`: the count_tokens endpoint does not require `max_tokens`. */
export function parseAnthropicRequest(body: unknown, countTokens = false): EmuRequest {
  if (!isObject(body)) throw new BadRequest('The request body must be a JSON object.');
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw new BadRequest('model: Field required');
  const maxTokens = optionalPositiveInt(body, 'max_tokens');
  if (maxTokens === undefined && !countTokens) throw new BadRequest('max_tokens: Field required');
  const messages = body.messages;
  if (!Array.isArray(messages)) throw new BadRequest('messages: Field required');
  if (messages.length === 0) throw new BadRequest('messages: at least one message is required');

  const segments: Segment[] = [];
  if (body.system !== undefined) segments.push(systemSegment(body.system));
  let seedText = '';
  let lastIsToolResult = false;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) {
      throw new BadRequest(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    const c = contentText(m.content, `messages.${i}.content`);
    segments.push({ key: m.role + '\u0000' + c.text + c.extra, chars: c.text.length, cacheControl: c.cacheControl });
    if (m.role === 'user') seedText = c.text;
    lastIsToolResult = m.role === 'user' && c.hasToolResult;
  }
  const tools = parseTools(body.tools);
  const choice = parseToolChoice(body.tool_choice, tools);
  const thinking = isObject(body.thinking) ? body.thinking : undefined;
  const thinkingOn = thinking ? thinking.type === 'enabled' || thinking.type === 'adaptive' : undefined;
  const outputFormat = isObject(body.output_format) ? body.output_format : undefined;
  return {
    model,
    stream: body.stream === true,
    includeUsage: true,
    maxTokens,
    segments,
    seedText,
    lastIsToolResult,
    tools,
    toolMode: choice.mode,
    forcedTool: choice.forced,
    parallelToolCalls: !choice.disableParallel,
    json: outputFormat?.type === 'json_schema' ? { schema: outputFormat.schema } : undefined,
    thinking: thinkingOn,
    thinkingBudget: thinking && typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : undefined,
    stop: stopList(body.stop_sequences),
  };
}

function systemSegment(system: unknown): Segment {
  if (typeof system === 'string') return { key: 'system\u0000' + system, chars: system.length, cacheControl: false };
  const c = contentText(system, 'system');
  return { key: 'system\u0000' + c.text, chars: c.text.length, cacheControl: c.cacheControl };
}

interface ContentSummary {
  /** Counted text: text blocks, tool inputs and results. */
  text: string;
  /** Uncounted identity (images, documents) that still distinguishes cache prefixes. */
  extra: string;
  cacheControl: boolean;
  hasToolResult: boolean;
}

function contentText(content: unknown, where: string): ContentSummary {
  const out: ContentSummary = { text: '', extra: '', cacheControl: false, hasToolResult: false };
  if (typeof content === 'string') {
    out.text = content;
    return out;
  }
  if (!Array.isArray(content)) throw new BadRequest(`${where}: Input should be a valid list`);
  for (let i = 0; i < content.length; i++) {
    const block: unknown = content[i];
    if (!isObject(block) || typeof block.type !== 'string') throw new BadRequest(`${where}.${i}.type: Field required`);
    if (block.cache_control !== undefined) out.cacheControl = true;
    switch (block.type) {
      case 'text':
        if (typeof block.text !== 'string') throw new BadRequest(`${where}.${i}.text: Field required`);
        out.text += block.text;
        break;
      case 'tool_use':
        out.text += String(block.name ?? '') + JSON.stringify(block.input ?? {});
        break;
      case 'tool_result':
        out.hasToolResult = true;
        out.text += toolResultText(block.content);
        break;
      case 'thinking':
      case 'redacted_thinking':
        // Previous-turn thinking is stripped from the context by Anthropic, so it is not counted.
        break;
      default:
        out.extra += '\u0000' + JSON.stringify(block.source ?? block.type);
    }
  }
  return out;
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const b of content) if (isObject(b) && typeof b.text === 'string') text += b.text;
  return text;
}

function parseTools(v: unknown): EmuTool[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new BadRequest('tools: Input should be a valid list');
  return v.map((t: unknown, i) => {
    if (!isObject(t) || typeof t.name !== 'string') throw new BadRequest(`tools.${i}.name: Field required`);
    return { name: t.name, schema: (t as Json).input_schema ?? { type: 'object', properties: {} } };
  });
}

function parseToolChoice(v: unknown, tools: EmuTool[]): { mode: ToolMode; forced?: string; disableParallel: boolean } {
  if (!isObject(v)) return { mode: 'auto', disableParallel: false };
  const disableParallel = v.disable_parallel_tool_use === true;
  switch (v.type) {
    case 'none':
      return { mode: 'none', disableParallel };
    case 'any':
      return { mode: 'required', disableParallel };
    case 'tool': {
      const name = v.name;
      if (typeof name !== 'string' || !tools.some((t) => t.name === name)) {
        throw new BadRequest(`tool_choice.name: no tool named '${String(name)}' in tools`);
      }
      return { mode: 'forced', forced: name, disableParallel };
    }
    default:
      return { mode: 'auto', disableParallel };
  }
}

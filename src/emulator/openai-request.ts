/** Validates an OpenAI Chat Completions body and reduces it to an `EmuRequest`. */
import { BadRequest, isObject, optionalPositiveInt, stopList, type EmuRequest, type EmuTool, type Json, type Segment, type ToolMode } from './request.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export function parseOpenAIRequest(body: unknown): EmuRequest {
  if (!isObject(body)) throw new BadRequest('The request body must be a JSON object.');
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw new BadRequest("you must provide a model parameter", 'model');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new BadRequest("Invalid 'messages': expected a non-empty array.", 'messages');
  }
  const segments: Segment[] = new Array(messages.length);
  let seedText = '';
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) {
      throw new BadRequest(`Invalid 'messages[${i}]': expected an object with a valid 'role'.`, `messages[${i}]`);
    }
    const { text, extra } = messageText(m, i);
    segments[i] = { key: m.role + '\u0000' + text + extra, chars: text.length, cacheControl: false };
    if (m.role === 'user' || m.role === 'tool') seedText = text;
  }
  const last = messages[messages.length - 1] as Json;
  const maxTokens = optionalPositiveInt(body, 'max_completion_tokens') ?? optionalPositiveInt(body, 'max_tokens');
  const tools = parseTools(body.tools);
  const { mode, forced } = parseToolChoice(body.tool_choice, tools);
  const streamOptions = body.stream_options;
  return {
    model,
    stream: body.stream === true,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    maxTokens,
    segments,
    seedText,
    lastIsToolResult: last.role === 'tool' || last.role === 'function',
    tools,
    toolMode: mode,
    forcedTool: forced,
    parallelToolCalls: body.parallel_tool_calls !== false,
    json: parseResponseFormat(body.response_format),
    stop: stopList(body.stop),
  };
}

/** `text` counts towards prompt tokens; `extra` (image URLs) only distinguishes cache prefixes. */
function messageText(m: Json, i: number): { text: string; extra: string } {
  let text = '';
  let extra = '';
  const c = m.content;
  if (typeof c === 'string') text = c;
  else if (Array.isArray(c)) {
    for (const part of c) {
      if (!isObject(part)) throw new BadRequest(`Invalid 'messages[${i}].content': parts must be objects.`, `messages[${i}].content`);
      if (typeof part.text === 'string') text += part.text;
      else if (isObject(part.image_url) && typeof part.image_url.url === 'string') extra += '\u0000' + part.image_url.url;
    }
  } else if (c !== null && c !== undefined) {
    throw new BadRequest(`Invalid 'messages[${i}].content': expected a string, an array or null.`, `messages[${i}].content`);
  } else if (m.role === 'user' || m.role === 'system') {
    throw new BadRequest(`Invalid 'messages[${i}].content': expected a string or an array.`, `messages[${i}].content`);
  }
  if (Array.isArray(m.tool_calls)) {
    for (const tc of m.tool_calls) {
      if (isObject(tc) && isObject(tc.function)) text += String(tc.function.name ?? '') + String(tc.function.arguments ?? '');
    }
  }
  return { text, extra };
}

function parseTools(v: unknown): EmuTool[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new BadRequest("Invalid 'tools': expected an array.", 'tools');
  return v.map((t, i) => {
    if (!isObject(t) || !isObject(t.function) || typeof t.function.name !== 'string') {
      throw new BadRequest(`Invalid 'tools[${i}]': expected {type:'function', function:{name, parameters}}.`, `tools[${i}]`);
    }
    return { name: t.function.name, schema: t.function.parameters ?? { type: 'object', properties: {} } };
  });
}

function parseToolChoice(v: unknown, tools: EmuTool[]): { mode: ToolMode; forced?: string } {
  if (v === undefined || v === null || v === 'auto') return { mode: 'auto' };
  if (v === 'none' || v === 'required') return { mode: v };
  if (isObject(v) && isObject(v.function) && typeof v.function.name === 'string') {
    const name = v.function.name;
    if (!tools.some((t) => t.name === name)) {
      throw new BadRequest(`Invalid 'tool_choice': no tool named '${name}' in 'tools'.`, 'tool_choice');
    }
    return { mode: 'forced', forced: name };
  }
  return { mode: 'auto' };
}

function parseResponseFormat(v: unknown): EmuRequest['json'] {
  if (!isObject(v)) return undefined;
  if (v.type === 'json_object') return {};
  if (v.type === 'json_schema') return { schema: isObject(v.json_schema) ? v.json_schema.schema : undefined };
  return undefined;
}

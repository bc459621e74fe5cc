/**
 * Canonical request -> upstream HTTP request for an OpenAI-protocol provider.
 *
 * The canonical request is OpenAI-shaped, so unknown parameters pass straight through. Hot path: one
 * shallow copy of the top level (fields are overwritten with `undefined`, which JSON.stringify omits,
 * rather than deleted), messages rebuilt only when a message needs it, and one JSON.stringify.
 */
import type { ChatRequest } from '../../spec/chat.js';
import type { ResolvedTarget, UpstreamRequest } from '../../spec/provider.js';
import type { JsonRecord } from '../../convert/json.js';
import { openAIChatUrl } from '../join-url.js';
import type { ProviderQuirks } from '../presets/types.js';
import { convertToOpenAIMessages, convertToOpenAITools } from './convert-to-openai-messages.js';
import { applyThinkingParam } from './map-thinking-param.js';
import { tokenLimitField } from './token-limit-field.js';

export interface OpenAIRequestOptions {
  quirks: ProviderQuirks;
  /** Preset headers; the provider's own headers win over them. */
  headers?: Readonly<Record<string, string>>;
}

export function buildOpenAIRequest(request: ChatRequest, target: ResolvedTarget, stream: boolean, options: OpenAIRequestOptions): UpstreamRequest {
  const { quirks } = options;
  const model = target.upstreamModel;
  const body = copyTop(request, model);
  body.models = undefined; // Switchyard's own fallback list
  body.messages = convertToOpenAIMessages(request.messages, quirks, model);
  if (request.tools) body.tools = convertToOpenAITools(request.tools, quirks);
  applyThinkingParam(body, request.thinking, quirks.thinking);

  const asked = request.max_completion_tokens ?? request.max_tokens;
  // Agents ask for more than some models can give (Claude Code sends 32000; deepseek-chat stops at 8192):
  // clamp to the model's ceiling instead of letting the upstream reject the request.
  const limit = asked !== undefined && target.maxOutput !== undefined ? Math.min(asked, target.maxOutput) : asked;
  if (limit !== undefined) {
    body.max_tokens = undefined;
    body.max_completion_tokens = undefined;
    body[tokenLimitField(quirks.tokenLimitField, model)] = limit;
  }

  if (stream) {
    body.stream = true;
    // Without this, OpenAI-style upstreams send no usage at all on streams, and metering is blind.
    body.stream_options = quirks.streamUsage === 'always' ? undefined : { ...request.stream_options, include_usage: true };
  } else {
    body.stream = undefined;
    body.stream_options = undefined; // rejected by OpenAI unless streaming
  }

  if (quirks.dropParams) for (const name of quirks.dropParams) body[name] = undefined;
  if (quirks.renameParams) {
    for (const [from, to] of Object.entries(quirks.renameParams)) {
      if (body[from] === undefined) continue;
      body[to] = body[from];
      body[from] = undefined;
    }
  }

  return { url: openAIChatUrl(target.provider.baseUrl), headers: buildHeaders(target, stream, options.headers), body: JSON.stringify(body) };
}

/**
 * `{ ...request, model }`, built by assignment. V8 gives an object made by a spread a map of its own, so
 * every field added to it afterwards (models, stream_options...) made a new map: ~0.7 µs per field and a
 * stream of dead maps in the old generation (measured). Assigned fields follow the shared, cached map
 * transitions instead. Same own keys, order and values as the spread.
 */
function copyTop(request: ChatRequest, model: string): JsonRecord {
  const source = request as unknown as JsonRecord;
  const body: JsonRecord = {};
  for (const key of Object.keys(source)) {
    // Assigning `__proto__` would set the prototype; the spread defines it as an own field.
    if (key === '__proto__') Object.defineProperty(body, key, { value: source[key], writable: true, enumerable: true, configurable: true });
    else body[key] = source[key];
  }
  body.model = model;
  return body;
}

function buildHeaders(target: ResolvedTarget, stream: boolean, presetHeaders: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...presetHeaders, ...target.provider.headers };
  if (stream) headers.accept = 'text/event-stream';
  const key = target.provider.apiKey;
  if (key) {
    // One Authorization header only, whatever case a configured header used.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
    headers.authorization = `Bearer ${key}`;
  }
  return headers;
}

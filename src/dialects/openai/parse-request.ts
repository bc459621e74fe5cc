/**
 * Validates an OpenAI Chat Completions body into a canonical ChatRequest. Hand-written checks (not a
 * schema library) because this runs on every request; each error names the offending field.
 */
import { GatewayError } from '../../errors.js';
import type { ChatRequest } from '../../spec/chat.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const PART_TYPES = new Set(['text', 'image_url']);

function invalid(param: string, message: string): GatewayError {
  return new GatewayError('SY_ERR_INVALID_REQUEST', `${param}: ${message}`, param);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNumber(body: Record<string, unknown>, key: string, min: number, max: number, integer = false): void {
  const v = body[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || Number.isNaN(v)) throw invalid(key, 'must be a number');
  if (integer && !Number.isInteger(v)) throw invalid(key, 'must be an integer');
  if (v < min || v > max) throw invalid(key, `must be between ${min} and ${max}`);
}

function checkContent(content: unknown, param: string, allowNull: boolean): void {
  if (typeof content === 'string') return;
  if (content === null || content === undefined) {
    if (allowNull) return;
    throw invalid(param, 'is required');
  }
  if (!Array.isArray(content)) throw invalid(param, 'must be a string or an array of content parts');
  for (let j = 0; j < content.length; j++) {
    const part: unknown = content[j];
    if (!isObject(part) || typeof part.type !== 'string') throw invalid(`${param}[${j}]`, 'must be a content part with a type');
    if (!PART_TYPES.has(part.type)) {
      throw new GatewayError('SY_ERR_UNSUPPORTED_PARAMETER', `${param}[${j}].type: unsupported content part type "${part.type}" (supported: text, image_url)`, `${param}[${j}].type`);
    }
    if (part.type === 'text' && typeof part.text !== 'string') throw invalid(`${param}[${j}].text`, 'must be a string');
    if (part.type === 'image_url' && !(isObject(part.image_url) && typeof part.image_url.url === 'string')) {
      throw invalid(`${param}[${j}].image_url.url`, 'must be a string');
    }
  }
}

/** The `thinking` extension (Anthropic-shaped): budgets and reservations rely on its numbers. */
function checkThinking(v: unknown): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) throw invalid('thinking', 'must be an object');
  if (v.type === 'disabled') return;
  if (v.type !== 'enabled') throw invalid('thinking.type', 'must be "enabled" or "disabled"');
  const b = v.budget_tokens;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > 1e7) throw invalid('thinking.budget_tokens', 'must be an integer between 1 and 10000000');
}

function checkMessages(messages: unknown): void {
  if (messages === undefined) throw invalid('messages', 'is required');
  if (!Array.isArray(messages)) throw invalid('messages', 'must be an array');
  if (messages.length === 0) throw invalid('messages', 'must contain at least one message');
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    const p = `messages[${i}]`;
    if (!isObject(m)) throw invalid(p, 'must be an object');
    if (typeof m.role !== 'string' || !ROLES.has(m.role)) throw invalid(`${p}.role`, 'must be one of system, developer, user, assistant, tool');
    if (m.role === 'assistant') {
      checkContent(m.content, `${p}.content`, Array.isArray(m.tool_calls) || m.content === null || m.content === undefined);
      if (m.tool_calls !== undefined) {
        if (!Array.isArray(m.tool_calls)) throw invalid(`${p}.tool_calls`, 'must be an array');
        m.tool_calls.forEach((tc: unknown, k: number) => {
          if (!isObject(tc) || typeof tc.id !== 'string' || !isObject(tc.function) || typeof tc.function.name !== 'string') {
            throw invalid(`${p}.tool_calls[${k}]`, 'must have an id and function.name');
          }
          if (tc.function.arguments !== undefined && typeof tc.function.arguments !== 'string') {
            throw invalid(`${p}.tool_calls[${k}].function.arguments`, 'must be a JSON string');
          }
        });
      }
    } else {
      checkContent(m.content, `${p}.content`, false);
    }
    if (m.role === 'tool' && typeof m.tool_call_id !== 'string') throw invalid(`${p}.tool_call_id`, 'is required for tool messages');
  }
}

function checkTools(body: Record<string, unknown>): void {
  checkToolChoice(body.tool_choice);
  const tools = body.tools;
  if (tools === undefined || tools === null) return;
  if (!Array.isArray(tools)) throw invalid('tools', 'must be an array');
  tools.forEach((t: unknown, i: number) => {
    if (!isObject(t) || t.type !== 'function' || !isObject(t.function) || typeof t.function.name !== 'string' || !t.function.name) {
      throw invalid(`tools[${i}]`, 'must be {"type":"function","function":{"name":...}}');
    }
    if (t.function.parameters !== undefined && !isObject(t.function.parameters)) throw invalid(`tools[${i}].function.parameters`, 'must be a JSON Schema object');
  });
}

/** Checked with or without tools: a wrong value would otherwise reach the upstream as a vague 400. */
function checkToolChoice(choice: unknown): void {
  if (choice === undefined || choice === null) return;
  const ok =
    choice === 'none' || choice === 'auto' || choice === 'required' ||
    (isObject(choice) && choice.type === 'function' && isObject(choice.function) && typeof choice.function.name === 'string');
  if (!ok) throw invalid('tool_choice', 'must be none, auto, required or {"type":"function","function":{"name":...}}');
}

function checkResponseFormat(rf: unknown): void {
  if (rf === undefined || rf === null) return;
  if (!isObject(rf) || (rf.type !== 'text' && rf.type !== 'json_object' && rf.type !== 'json_schema')) {
    throw invalid('response_format.type', 'must be text, json_object or json_schema');
  }
  if (rf.type === 'json_schema' && !(isObject(rf.json_schema) && typeof rf.json_schema.name === 'string')) {
    throw invalid('response_format.json_schema', 'must be an object with a name (and a schema)');
  }
}

/** Validates the parsed JSON body. Throws GatewayError (400/404 shapes) naming the field. */
export function parseOpenAIChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw new GatewayError('SY_ERR_INVALID_REQUEST', 'request body must be a JSON object', null);
  const models = body.models;
  if (models !== undefined) {
    if (!Array.isArray(models) || models.some((m) => typeof m !== 'string' || !m)) throw invalid('models', 'must be an array of model names');
  }
  if (body.model === undefined && Array.isArray(models) && models.length > 0) body.model = models[0];
  if (typeof body.model !== 'string' || body.model.length === 0) throw invalid('model', body.model === undefined ? 'is required' : 'must be a non-empty string');
  checkMessages(body.messages);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw invalid('stream', 'must be a boolean');
  if (body.stream_options !== undefined && body.stream_options !== null && !isObject(body.stream_options)) throw invalid('stream_options', 'must be an object');
  checkNumber(body, 'max_tokens', 1, 1e7, true);
  checkNumber(body, 'max_completion_tokens', 1, 1e7, true);
  checkNumber(body, 'temperature', 0, 2);
  checkNumber(body, 'top_p', 0, 1);
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw new GatewayError('SY_ERR_UNSUPPORTED_PARAMETER', 'n: only n=1 is supported (one choice per request keeps metering exact)', 'n');
  }
  if (body.stop !== undefined && body.stop !== null && typeof body.stop !== 'string' && !(Array.isArray(body.stop) && body.stop.every((s) => typeof s === 'string'))) {
    throw invalid('stop', 'must be a string or an array of strings');
  }
  checkTools(body);
  checkResponseFormat(body.response_format);
  if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata)) throw invalid('metadata', 'must be an object');
  checkThinking(body.thinking);
  return body as ChatRequest;
}

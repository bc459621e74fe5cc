/**
 * Validates an Anthropic Messages body (hand-written checks, as for the OpenAI door: this runs on every
 * request) and converts it into a canonical ChatRequest. Errors are 400s naming the field in Anthropic's
 * dotted style (`messages.1.content.0.text: Field required`).
 *
 * Strict on the fields Switchyard reads; fields it does not know (beta parameters such as
 * `context_management`) are ignored rather than refused, so newer agents keep working.
 */
import { convertAnthropicToOpenAIRequest } from '../../convert/anthropic-to-openai-request.js';
import type { AnthropicRequestBody } from '../../convert/anthropic-types.js';
import { GatewayError } from '../../errors.js';
import type { ChatRequest } from '../../spec/chat.js';
import { checkInteger, checkRange, invalid, isObject, type Json } from './invalid.js';
import { checkMessages, checkSystem } from './validate-content.js';
import { checkToolChoice, checkTools } from './validate-tools.js';

/** Anthropic's smallest thinking budget. */
const MIN_THINKING_BUDGET = 1024;

export interface ParseOptions {
  /** `POST /v1/messages/count_tokens`: `max_tokens` is not required. */
  countTokens?: boolean;
}

/** Validates the parsed JSON body; the result carries only the fields Switchyard reads. */
export function validateAnthropicRequest(body: unknown, options: ParseOptions = {}): AnthropicRequestBody {
  if (!isObject(body)) throw new GatewayError('SY_ERR_INVALID_REQUEST', 'request body must be a JSON object', null);
  if (typeof body.model !== 'string' || body.model === '') throw invalid('model', body.model === undefined ? 'Field required' : 'Input should be a non-empty string');
  if (body.max_tokens !== undefined || !options.countTokens) {
    if (body.max_tokens === undefined) throw invalid('max_tokens', 'Field required');
    checkInteger(body.max_tokens, 'max_tokens', 1);
  }
  checkMessages(body.messages);
  checkSystem(body.system);
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('stream', 'Input should be a valid boolean');
  checkRange(body, 'temperature', 0, 1);
  checkRange(body, 'top_p', 0, 1);
  if (body.top_k !== undefined) checkInteger(body.top_k, 'top_k', 0);
  checkStopSequences(body.stop_sequences);
  checkTools(body.tools);
  checkToolChoice(body.tool_choice, body.tools);
  checkMetadata(body.metadata);
  checkThinking(body.thinking, body.max_tokens);
  return pick(body);
}

/** Validates and converts: what the dialect's `parse` does. */
export function parseAnthropicRequest(body: unknown, options: ParseOptions = {}): ChatRequest {
  return convertAnthropicToOpenAIRequest(validateAnthropicRequest(body, options));
}

function checkStopSequences(v: unknown): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) throw invalid('stop_sequences', 'Input should be a valid list');
  v.forEach((s: unknown, i) => {
    if (typeof s !== 'string') throw invalid(`stop_sequences.${i}`, 'Input should be a valid string');
    if (s.trim() === '') throw invalid(`stop_sequences.${i}`, 'stop sequences must contain non-whitespace characters');
  });
}

function checkMetadata(v: unknown): void {
  if (v === undefined) return;
  if (!isObject(v)) throw invalid('metadata', 'Input should be a valid dictionary');
  if (v.user_id !== undefined && v.user_id !== null && typeof v.user_id !== 'string') throw invalid('metadata.user_id', 'Input should be a valid string');
}

function checkThinking(v: unknown, maxTokens: unknown): void {
  if (v === undefined) return;
  if (!isObject(v)) throw invalid('thinking', 'Input should be a valid dictionary');
  if (v.type === 'disabled' || v.type === 'adaptive') return;
  if (v.type !== 'enabled') throw invalid('thinking.type', "Input should be 'enabled', 'adaptive' or 'disabled'");
  const budget = checkInteger(v.budget_tokens, 'thinking.budget_tokens', MIN_THINKING_BUDGET);
  if (typeof maxTokens === 'number' && budget >= maxTokens) {
    throw invalid('max_tokens', `must be greater than thinking.budget_tokens (${budget})`);
  }
}

/**
 * The canonical request has no adaptive thinking (the model decides how much to think): it becomes enabled
 * thinking with half of `max_tokens` as its budget (Anthropic's minimum budget is 1024; below that room,
 * no thinking). Agents that send it (recent Claude Code) keep working, on Claude and on other models.
 */
function adaptiveThinking(maxTokens: number | undefined): AnthropicRequestBody['thinking'] {
  const budget = Math.max(MIN_THINKING_BUDGET, Math.floor((maxTokens ?? 0) / 2));
  return maxTokens !== undefined && budget < maxTokens ? { type: 'enabled', budget_tokens: budget } : undefined;
}

/** The validated fields, typed (unknown fields are left behind). */
function pick(body: Json): AnthropicRequestBody {
  const out: Json = { model: body.model, messages: body.messages };
  for (const key of ['max_tokens', 'system', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'metadata', 'thinking']) {
    if (body[key] !== undefined) out[key] = body[key];
  }
  if (isObject(body.thinking) && body.thinking.type === 'adaptive') {
    const thinking = adaptiveThinking(typeof body.max_tokens === 'number' ? body.max_tokens : undefined);
    if (thinking) out.thinking = thinking;
    else delete out.thinking;
  }
  return out as AnthropicRequestBody;
}

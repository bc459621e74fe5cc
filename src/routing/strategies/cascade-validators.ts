/**
 * The cascade's checks of a cheap answer. Pure functions of the request and the canonical response; the
 * pipeline calls `validateForCascade` after the cheap target answered and escalates when it fails.
 *
 *   json           response_format json_object: the content parses as a JSON object; json_schema: it also
 *                  matches the schema (a subset of JSON Schema, see json-schema.ts). Skipped when the
 *                  answer is a tool call (the content is not the final answer then).
 *   tool_args      every tool call names a tool of the request, its arguments parse as a JSON object and
 *                  match the tool's `parameters` schema.
 *   non_empty      there is content or a tool call; no refusal (`refusal` field, finish `content_filter`,
 *                  or a short answer that opens with a stock refusal phrase).
 *   not_truncated  finish_reason is not `length`.
 */
import type { ChatRequest, ChatResponse } from '../../spec/chat.js';
import { checkJsonSchema } from './json-schema.js';

export const CASCADE_VALIDATORS = ['json', 'tool_args', 'non_empty', 'not_truncated'] as const;
export type CascadeValidator = (typeof CASCADE_VALIDATORS)[number];

export type CascadeVerdict = { ok: true } | { ok: false; validator: CascadeValidator; reason: string };

const OK: CascadeVerdict = Object.freeze({ ok: true });

/** Short answers opening like this are refusals, not answers. */
const REFUSAL = /^\s*(?:I['’]m sorry,? (?:but )?I (?:can(?:not|['’]t)|won['’]t|am unable)|I (?:can(?:not|['’]t)|won['’]t|am unable to) (?:help|assist|comply|provide|do that)|Sorry, (?:but )?I (?:can(?:not|['’]t)|won['’]t))/i;
const REFUSAL_MAX_CHARS = 300;

function parseObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `invalid JSON (${(err as Error).message.slice(0, 80)})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}

function checkJson(request: ChatRequest, response: ChatResponse): string | undefined {
  const format = request.response_format;
  if (!format || format.type === 'text') return undefined;
  if ((response.message.tool_calls?.length ?? 0) > 0) return undefined;
  const parsed = parseObject(response.message.content ?? '');
  if (!parsed.ok) return `content: ${parsed.reason}`;
  if (format.type === 'json_schema' && format.json_schema.schema) {
    const problem = checkJsonSchema(parsed.value, format.json_schema.schema);
    if (problem) return `content does not match schema ${format.json_schema.name}: ${problem}`;
  }
  return undefined;
}

function checkToolArgs(request: ChatRequest, response: ChatResponse): string | undefined {
  const calls = response.message.tool_calls ?? [];
  if (calls.length === 0) return undefined;
  const tools = new Map((request.tools ?? []).map((t) => [t.function.name, t.function.parameters] as const));
  for (const call of calls) {
    const name = call.function.name;
    if (request.tools && !tools.has(name)) return `call of unknown tool ${name}`;
    const text = call.function.arguments.trim() === '' ? '{}' : call.function.arguments;
    const parsed = parseObject(text);
    if (!parsed.ok) return `${name} arguments: ${parsed.reason}`;
    const schema = tools.get(name);
    if (schema) {
      const problem = checkJsonSchema(parsed.value, schema);
      if (problem) return `${name} arguments: ${problem}`;
    }
  }
  return undefined;
}

function checkNonEmpty(response: ChatResponse): string | undefined {
  const m = response.message;
  if (m.refusal) return 'refused';
  if (response.finishReason === 'content_filter') return 'content filtered';
  const text = (m.content ?? '').trim();
  if (text === '' && (m.tool_calls?.length ?? 0) === 0) return 'empty answer';
  if (text.length <= REFUSAL_MAX_CHARS && REFUSAL.test(text)) return 'refused';
  return undefined;
}

/** Root causes first: a truncated answer is also invalid JSON, and `finish_reason length` is the better reason. */
const EVALUATION_ORDER: readonly CascadeValidator[] = ['not_truncated', 'non_empty', 'tool_args', 'json'];

/** Runs the selected `validators` (root causes first, whatever their order); the first failure is the verdict. */
export function validateForCascade(request: ChatRequest, response: ChatResponse, validators: readonly CascadeValidator[]): CascadeVerdict {
  for (const v of EVALUATION_ORDER) {
    if (!validators.includes(v)) continue;
    let reason: string | undefined;
    switch (v) {
      case 'json':
        reason = checkJson(request, response);
        break;
      case 'tool_args':
        reason = checkToolArgs(request, response);
        break;
      case 'non_empty':
        reason = checkNonEmpty(response);
        break;
      case 'not_truncated':
        reason = response.finishReason === 'length' ? 'finish_reason length' : undefined;
        break;
    }
    if (reason !== undefined) return { ok: false, validator: v, reason };
  }
  return OK;
}

/**
 * Matching one rule's `when` against a request. Every condition given must hold (AND); a list of values
 * means any of them (OR); an empty or absent `when` always matches.
 *
 *   tools: true|false            the request has (no) tool definitions
 *   vision: true|false           the request has (no) image parts
 *   stream: true|false           the client asked for (no) stream
 *   min_input_tokens / max_input_tokens   estimated input tokens >= / <= (max_tokens not included)
 *   response_format: json_object | json_schema | json (either) | text (none or text), or a list
 *   last_user_matches: regex     on the text of the last `user` message; `(?i)` prefix for case-insensitive
 *   metadata: {k: v | [v...]}    request `metadata` values
 *   headers: {name: v | [v...]}  request headers (names case-insensitive, "*" = present)
 *   key / project: id | [ids]    the virtual key / project of the request
 *   model: glob | [globs]        the model name the client sent (e.g. "claude-*-haiku-*")
 */
import type { ChatRequest, ContentPart, TextPart } from '../../spec/chat.js';
import { headerValue } from '../constraints/input.js';
import { requirementsOf } from '../constraints/requirements.js';
import { globToRegExp } from '../model-map.js';
import type { RouteContext } from '../plan.js';
import { compileRegex } from './regex.js';
import type { Condition } from './rules-schema.js';

export type Matcher = (request: ChatRequest, ctx: RouteContext) => boolean;

function lastUserText(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i]!;
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    return (m.content as readonly (ContentPart | TextPart)[])
      .filter((p): p is TextPart => p.type === 'text')
      .map((p) => p.text)
      .join('\n');
  }
  return '';
}

function formatOf(request: ChatRequest): string {
  return request.response_format?.type ?? 'text';
}

function formatMatches(actual: string, wanted: readonly string[]): boolean {
  return wanted.some((w) => w === actual || (w === 'json' && (actual === 'json_object' || actual === 'json_schema')));
}

function headerMatches(value: string | string[] | undefined, wanted: readonly string[]): boolean {
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : [value];
  return wanted.some((w) => w === '*' || values.includes(w));
}

function inList(v: string | null | undefined, list: readonly string[]): boolean {
  return v !== null && v !== undefined && list.includes(v);
}

/** Compiles `when` into one predicate (cheap checks first, the regex last). */
export function compileCondition(when: Condition | undefined): Matcher {
  if (!when) return () => true;
  const checks: Matcher[] = [];
  if (when.tools !== undefined) checks.push((r) => ((r.tools?.length ?? 0) > 0) === when.tools);
  if (when.stream !== undefined) checks.push((r) => (r.stream === true) === when.stream);
  if (when.response_format) {
    const wanted = when.response_format;
    checks.push((r) => formatMatches(formatOf(r), wanted));
  }
  if (when.key) {
    const keys = when.key;
    checks.push((_r, c) => inList(c.keyId, keys));
  }
  if (when.project) {
    const projects = when.project;
    checks.push((_r, c) => inList(c.project, projects));
  }
  if (when.model) {
    const globs = when.model.map(globToRegExp);
    checks.push((r) => globs.some((g) => g.test(r.model)));
  }
  if (when.metadata) {
    const entries = Object.entries(when.metadata);
    checks.push((r) => entries.every(([k, vs]) => inList(r.metadata?.[k], vs)));
  }
  if (when.headers) {
    const entries = Object.entries(when.headers).map(([k, vs]) => [k.toLowerCase(), vs] as const);
    checks.push((_r, c) => entries.every(([k, vs]) => headerMatches(headerValue(c, k), vs)));
  }
  if (when.vision !== undefined) checks.push((r, c) => requirementsOf(r, c.inputTokens).vision === when.vision);
  if (when.min_input_tokens !== undefined) {
    const min = when.min_input_tokens;
    checks.push((r, c) => requirementsOf(r, c.inputTokens).inputTokens >= min);
  }
  if (when.max_input_tokens !== undefined) {
    const max = when.max_input_tokens;
    checks.push((r, c) => requirementsOf(r, c.inputTokens).inputTokens <= max);
  }
  if (when.last_user_matches !== undefined) {
    const re = compileRegex(when.last_user_matches);
    checks.push((r) => {
      re.lastIndex = 0;
      return re.test(lastUserText(r));
    });
  }
  return (request, ctx) => checks.every((check) => check(request, ctx));
}

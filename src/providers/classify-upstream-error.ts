/**
 * One place that turns what an upstream said about a failure (HTTP status, error code/type, message) into
 * the canonical kind that drives retry and fallback. Shared by every adapter.
 */
import type { UpstreamErrorKind } from '../spec/chat.js';

export interface ErrorFacts {
  /** HTTP status; 0/undefined when unknown (errors reported inside a stream). */
  status?: number;
  code?: string;
  type?: string;
  message?: string;
}

/** Error types/codes that imply a status, for in-stream errors (Anthropic, OpenAI, Google vocabularies). */
const TYPE_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  invalid_argument: 400,
  failed_precondition: 400,
  authentication_error: 401,
  unauthenticated: 401,
  invalid_api_key: 401,
  billing_error: 402,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  not_found: 404,
  model_not_found: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  resource_exhausted: 429,
  api_error: 500,
  server_error: 500,
  internal: 500,
  internal_error: 500,
  unavailable: 503,
  service_unavailable: 503,
  overloaded_error: 529,
  timeout_error: 504,
  deadline_exceeded: 504,
};

const OVERLOADED = /overload|server is busy|at capacity|over capacity/;
/** The account cannot pay: retrying is pointless, another provider may work, hence `auth`. Codes only:
 * Gemini's per-minute 429s use the same "exceeded your current quota" wording as OpenAI's hard limit. */
const QUOTA_CODE = /insufficient_quota|exceeded_current_quota|insufficient_balance|arrearage|\b1113\b/;
const CONTEXT =
  /context_length_exceeded|maximum context length|context (?:length|window|limit)|prompt is too long|too many (?:input )?tokens|token limit|input (?:is )?too long|range of input length|exceeds? the maximum number of tokens|input token count/;
const CONTENT_CODE = /content_filter|content_policy|data_inspection_failed|datainspectionfailed|invalid_prompt|responsibleai|moderation|sensitive|\b1301\b/;
const CONTENT_MESSAGE = /content (?:filter|policy|management)|inappropriate content|unsafe content|flagged|usage polic|safety system|敏感|不安全/;
const RATE = /rate limit|rate_limit|too many requests/;
const TIMEOUT = /timeout|timed out/;

export function classifyUpstreamError(facts: ErrorFacts): UpstreamErrorKind {
  const ident = `${facts.code ?? ''} ${facts.type ?? ''}`.toLowerCase();
  const message = (facts.message ?? '').toLowerCase();
  const status = facts.status !== undefined && facts.status >= 400 ? facts.status : inferStatus(facts);

  if (OVERLOADED.test(ident)) return 'overloaded';
  if (status === 402 || QUOTA_CODE.test(ident)) return 'auth';
  if (status === 429) return OVERLOADED.test(message) ? 'overloaded' : 'rate_limit';
  if (status === 529 || status === 503) return 'overloaded';
  if (status === 504 || status === 408) return 'timeout';
  if (status >= 500) return OVERLOADED.test(message) ? 'overloaded' : 'server';
  if (status === 401 || status === 403) return CONTENT_CODE.test(ident) ? 'content_filter' : 'auth';
  if (status === 404) return 'not_found';

  const text = `${ident} ${message}`;
  if (CONTEXT.test(text)) return 'context_length';
  if (CONTENT_CODE.test(ident) || CONTENT_MESSAGE.test(message)) return 'content_filter';
  // 413: the prompt is too big for this upstream; a model with a larger window may take it.
  if (status === 413) return 'context_length';
  if (status >= 400) return 'bad_request';

  if (RATE.test(text)) return 'rate_limit';
  if (TIMEOUT.test(text)) return 'timeout';
  if (OVERLOADED.test(message)) return 'overloaded';
  return 'server';
}

function inferStatus(facts: ErrorFacts): number {
  for (const key of [facts.type, facts.code]) {
    if (!key) continue;
    const known = TYPE_STATUS[key.toLowerCase()];
    if (known !== undefined) return known;
    if (/^[45]\d\d$/.test(key)) return Number(key);
  }
  return 0;
}

/**
 * Some upstreams report failures inside an HTTP 200 body: MiniMax's `base_resp.status_code` (non-zero),
 * and a bare `{error: {...}}` from proxies. Turns those into a classified `ProviderError`.
 */
import type { UpstreamErrorKind } from '../../spec/chat.js';
import { asNumber, isRecord, type JsonRecord } from '../../convert/json.js';
import { classifyUpstreamError } from '../classify-upstream-error.js';
import { extractErrorFacts } from '../parse-upstream-error.js';
import { errorInSuccessfulResponse, type ProviderError } from '../provider-error.js';
import { redactSecrets } from '../redact-secrets.js';

/** MiniMax status codes (its API docs' error-code table). */
const MINIMAX_CODES: Readonly<Record<number, UpstreamErrorKind>> = {
  1001: 'timeout',
  1002: 'rate_limit',
  1004: 'auth',
  1008: 'auth', // insufficient balance
  1026: 'content_filter', // sensitive input
  1027: 'content_filter', // sensitive output
  1039: 'context_length', // token limit
  1041: 'rate_limit', // connection limit
  2013: 'bad_request',
  2049: 'auth', // invalid API key
};

export function embeddedError(body: JsonRecord): ProviderError | undefined {
  const base = body.base_resp;
  if (isRecord(base)) {
    const code = asNumber(base.status_code);
    if (code !== undefined && code !== 0) return build(MINIMAX_CODES[code] ?? 'server', base.status_msg, String(code));
  }
  if (isRecord(body.error) && !Array.isArray(body.choices)) {
    const facts = extractErrorFacts(body);
    return build(classifyUpstreamError(facts), facts.message, facts.code ?? facts.type);
  }
  return undefined;
}

function build(kind: UpstreamErrorKind, message: unknown, providerCode: string | undefined): ProviderError {
  const text = typeof message === 'string' && message ? message : 'Upstream reported an error in a successful response';
  return errorInSuccessfulResponse(kind, redactSecrets(text), providerCode);
}

/**
 * HTTP error response (any protocol) -> `UpstreamErrorInfo`. Knows the error body shapes in use:
 * OpenAI `{error:{message,type,code}}`, Anthropic `{type:"error",error:{type,message}}`, Gemini's
 * `[{error:{code,message,status}}]`, Mistral `{object:"error",message}`, FastAPI `{detail}`, DashScope
 * `{code,message}`, MiniMax `{base_resp:{status_code,status_msg}}`, OpenRouter `metadata.raw`, plain text.
 */
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { asString, isRecord } from '../convert/json.js';
import { classifyUpstreamError } from './classify-upstream-error.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { redactSecrets } from './redact-secrets.js';

export interface ErrorBodyFacts {
  message?: string;
  code?: string;
  type?: string;
}

type Headers = Record<string, string | string[] | undefined>;

export function parseUpstreamError(status: number, body: unknown, headers: Headers): UpstreamErrorInfo {
  const facts = extractErrorFacts(body);
  const info: UpstreamErrorInfo = {
    kind: classifyUpstreamError({ status, ...facts }),
    status,
    message: redactSecrets(facts.message || `Upstream returned HTTP ${status}`),
  };
  const providerCode = facts.code ?? facts.type;
  if (providerCode) info.providerCode = providerCode;
  const retryAfterMs = parseRetryAfter(headers);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return info;
}

export function extractErrorFacts(body: unknown, depth = 0): ErrorBodyFacts {
  if (depth > 3) return {};
  if (typeof body === 'string') return fromText(body, depth);
  if (Array.isArray(body)) return extractErrorFacts(body[0], depth + 1);
  if (!isRecord(body)) return {};

  const error = body.error;
  if (isRecord(error)) {
    let message = messageText(error.message);
    // OpenRouter wraps the real upstream error; its text is what tells a context overflow apart.
    const raw = isRecord(error.metadata) ? asString(error.metadata.raw) : undefined;
    if (raw) message = message ? `${message}: ${raw}` : raw;
    return compact({ message, code: codeText(error.code), type: asString(error.type) ?? asString(error.status) });
  }
  if (typeof error === 'string') return compact({ message: error, code: codeText(body.code), type: asString(body.type) });
  if (isRecord(body.base_resp)) {
    return compact({ message: asString(body.base_resp.status_msg), code: codeText(body.base_resp.status_code) });
  }
  return compact({
    message: messageText(body.message) ?? messageText(body.detail) ?? messageText(body.msg),
    code: codeText(body.code),
    type: asString(body.type),
  });
}

function fromText(text: string, depth: number): ErrorBodyFacts {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return extractErrorFacts(JSON.parse(trimmed) as unknown, depth + 1);
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  // An HTML error page (proxies, load balancers) says nothing useful to a client.
  if (trimmed === '' || trimmed.startsWith('<')) return {};
  return { message: trimmed };
}

function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (isRecord(value) || Array.isArray(value)) return JSON.stringify(value);
  return undefined;
}

function codeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function compact(facts: ErrorBodyFacts): ErrorBodyFacts {
  const out: ErrorBodyFacts = {};
  if (facts.message) out.message = facts.message;
  if (facts.code) out.code = facts.code;
  if (facts.type) out.type = facts.type;
  return out;
}

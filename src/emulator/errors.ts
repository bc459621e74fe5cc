/**
 * Error responses in each protocol's real shape: OpenAI `{error:{message,type,param,code}}`, Anthropic
 * `{type:'error',error:{type,message}}`. One catalogue entry per fault keeps both protocols in step.
 */
import type { ServerResponse } from 'node:http';

export type Protocol = 'openai' | 'anthropic';

export interface EmuError {
  /** HTTP status for OpenAI-protocol replies. */
  status: number;
  /** HTTP status for Anthropic replies, when it differs (529 overloaded). */
  anthropicStatus?: number;
  message: string;
  /** Anthropic's message, when it differs. */
  anthropicMessage?: string;
  openaiType: string;
  openaiCode: string | null;
  param?: string | null;
  anthropicType: string;
  headers?: Record<string, string>;
}

export function rateLimited(retryAfter?: number): EmuError {
  return {
    status: 429,
    message: 'Rate limit reached for requests (emulated). Please try again later.',
    openaiType: 'requests',
    openaiCode: 'rate_limit_exceeded',
    anthropicType: 'rate_limit_error',
    headers: retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) },
  };
}

export const SERVER_ERROR: EmuError = {
  status: 500,
  message: 'The server had an error while processing your request. Sorry about that!',
  anthropicMessage: 'Internal server error',
  openaiType: 'server_error',
  openaiCode: null,
  anthropicType: 'api_error',
};

export const OVERLOADED: EmuError = {
  status: 503,
  anthropicStatus: 529,
  message: 'The engine is currently overloaded, please try again later.',
  anthropicMessage: 'Overloaded',
  openaiType: 'server_error',
  openaiCode: 'service_unavailable',
  anthropicType: 'overloaded_error',
};

export const UNAUTHORIZED: EmuError = {
  status: 401,
  message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
  anthropicMessage: 'invalid x-api-key',
  openaiType: 'invalid_request_error',
  openaiCode: 'invalid_api_key',
  anthropicType: 'authentication_error',
};

export function contextLength(promptTokens: number): EmuError {
  const openaiMax = 128_000;
  const anthropicMax = 200_000;
  return {
    status: 400,
    message: `This model's maximum context length is ${openaiMax} tokens. However, your messages resulted in ${openaiMax + promptTokens} tokens. Please reduce the length of the messages.`,
    anthropicMessage: `prompt is too long: ${anthropicMax + promptTokens} tokens > ${anthropicMax} maximum`,
    openaiType: 'invalid_request_error',
    openaiCode: 'context_length_exceeded',
    param: 'messages',
    anthropicType: 'invalid_request_error',
  };
}

export const CONTENT_FILTER: EmuError = {
  status: 400,
  message: "The response was filtered due to the prompt triggering the content management policy. Please modify your prompt and retry.",
  anthropicMessage: 'Output blocked by content filtering policy',
  openaiType: 'invalid_request_error',
  openaiCode: 'content_filter',
  param: 'prompt',
  anthropicType: 'invalid_request_error',
};

export function badRequest(message: string, param: string | null = null): EmuError {
  return { status: 400, message, openaiType: 'invalid_request_error', openaiCode: null, param, anthropicType: 'invalid_request_error' };
}

export function notFound(method: string, path: string): EmuError {
  return {
    status: 404,
    message: `Invalid URL (${method} ${path})`,
    anthropicMessage: `Not Found: ${method} ${path}`,
    openaiType: 'invalid_request_error',
    openaiCode: null,
    anthropicType: 'not_found_error',
  };
}

export const TOO_LARGE: EmuError = {
  status: 413,
  message: 'Request body too large.',
  openaiType: 'invalid_request_error',
  openaiCode: null,
  anthropicType: 'request_too_large',
};

export function renderError(protocol: Protocol, e: EmuError): { status: number; body: string } {
  if (protocol === 'anthropic') {
    return {
      status: e.anthropicStatus ?? e.status,
      body: JSON.stringify({ type: 'error', error: { type: e.anthropicType, message: e.anthropicMessage ?? e.message } }),
    };
  }
  return {
    status: e.status,
    body: JSON.stringify({ error: { message: e.message, type: e.openaiType, param: e.param ?? null, code: e.openaiCode } }),
  };
}

export function sendError(res: ServerResponse, protocol: Protocol, e: EmuError): void {
  const { status, body } = renderError(protocol, e);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...e.headers });
  res.end(body);
}

/**
 * GatewayError -> Anthropic's error shape `{ "type": "error", "error": { "type", "message" } }`. The HTTP
 * status is the error's own (the pipeline sets it); this picks the Anthropic `type` for its category.
 */
import type { ErrorCategory, GatewayError } from '../../errors.js';
import type { AnthropicErrorType } from '../../convert/anthropic-types.js';

const TYPES: Record<ErrorCategory, AnthropicErrorType> = {
  invalid_request: 'invalid_request_error',
  not_found: 'not_found_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  // Anthropic says 529 overloaded_error; Switchyard answers 503 (every upstream unavailable) with that type.
  overloaded: 'overloaded_error',
  // Anthropic's own 504 type.
  timeout: 'timeout_error',
  upstream: 'api_error',
  api: 'api_error',
};

export function anthropicErrorType(err: GatewayError): AnthropicErrorType {
  return TYPES[err.category];
}

/** The error object, for the JSON body and the in-stream `error` event alike. */
export function anthropicError(err: GatewayError): { type: 'error'; error: { type: AnthropicErrorType; message: string } } {
  return { type: 'error', error: { type: anthropicErrorType(err), message: err.message } };
}

export function anthropicErrorBody(err: GatewayError): string {
  return JSON.stringify(anthropicError(err));
}

/** GatewayError -> OpenAI's error shape `{ error: { message, type, code, param } }`. */
import type { ErrorCategory, GatewayError } from '../../errors.js';

const TYPES: Record<ErrorCategory, string> = {
  invalid_request: 'invalid_request_error',
  not_found: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'server_error',
  timeout: 'timeout_error',
  upstream: 'upstream_error',
  api: 'server_error',
};

export function openAIErrorBody(err: GatewayError): string {
  return JSON.stringify({ error: { message: err.message, type: TYPES[err.category], code: err.wireCode, param: err.param } });
}

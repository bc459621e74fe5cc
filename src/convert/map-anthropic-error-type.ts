/** Anthropic error `type` <-> canonical error kind, both directions (in-stream errors carry no HTTP status). */
import type { UpstreamErrorKind } from '../spec/chat.js';
import type { AnthropicErrorType } from './anthropic-types.js';

const CONTEXT_MESSAGE = /prompt is too long|context (?:length|window|limit)|too many tokens/i;

export function mapAnthropicErrorType(type: string | undefined, message = ''): UpstreamErrorKind {
  switch (type) {
    case 'overloaded_error':
      return 'overloaded';
    case 'rate_limit_error':
      return 'rate_limit';
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      return 'auth';
    case 'not_found_error':
      return 'not_found';
    case 'request_too_large':
      return 'context_length';
    case 'timeout_error':
      return 'timeout';
    case 'invalid_request_error':
      return CONTEXT_MESSAGE.test(message) ? 'context_length' : 'bad_request';
    default:
      return 'server';
  }
}

/** For writing Anthropic error bodies/events from canonical kinds (the Anthropic front door). */
export function toAnthropicErrorType(kind: UpstreamErrorKind): AnthropicErrorType {
  switch (kind) {
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'auth':
      return 'authentication_error';
    case 'not_found':
      return 'not_found_error';
    case 'timeout':
      return 'timeout_error';
    case 'context_length':
    case 'content_filter':
    case 'bad_request':
      return 'invalid_request_error';
    default:
      return 'api_error';
  }
}

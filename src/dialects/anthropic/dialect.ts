/** The Anthropic Messages dialect (`POST /v1/messages`). */
import type { Dialect } from '../../gateway/dialect.js';
import { parseAnthropicRequest } from './parse-request.js';
import { AnthropicStreamWriter } from './stream-writer.js';
import { anthropicErrorBody } from './write-error.js';
import { anthropicResponseBody } from './write-response.js';

export const anthropicDialect: Dialect = {
  name: 'anthropic',
  parse: (body) => parseAnthropicRequest(body),
  wantsStream: (r) => r.stream === true,
  // Anthropic streams always carry usage (message_start, then message_delta).
  wantsStreamUsage: () => true,
  errorBody: anthropicErrorBody,
  responseBody: anthropicResponseBody,
  streamEncoder: (opts) => new AnthropicStreamWriter(opts),
};

/** Non-streaming Anthropic Messages body -> canonical `ChatResponse`, after checking its shape. */
import type { ChatResponse } from '../../spec/chat.js';
import type { AnthropicMessage } from '../../convert/anthropic-types.js';
import { convertAnthropicResponse } from '../../convert/anthropic-to-openai-response.js';
import { isRecord } from '../../convert/json.js';
import { parseUpstreamError } from '../parse-upstream-error.js';
import { errorInSuccessfulResponse, invalidResponse } from '../provider-error.js';

export function parseAnthropicResponse(body: unknown): ChatResponse {
  if (!isRecord(body)) throw invalidResponse('Upstream response is not a JSON object');
  // An error body that arrived with a 2xx status (seen from compatible proxies).
  if (body.type === 'error') {
    const info = parseUpstreamError(0, body, {});
    throw errorInSuccessfulResponse(info.kind, info.message, info.providerCode);
  }
  if (!Array.isArray(body.content)) throw invalidResponse('Upstream response has no content array');
  for (const block of body.content) {
    if (!isRecord(block) || typeof block.type !== 'string') throw invalidResponse('Upstream response has a malformed content block');
  }
  return convertAnthropicResponse({
    id: typeof body.id === 'string' ? body.id : '',
    type: 'message',
    role: 'assistant',
    model: typeof body.model === 'string' ? body.model : '',
    content: body.content as AnthropicMessage['content'],
    stop_reason: typeof body.stop_reason === 'string' ? (body.stop_reason as AnthropicMessage['stop_reason']) : null,
    stop_sequence: typeof body.stop_sequence === 'string' ? body.stop_sequence : null,
    usage: isRecord(body.usage) ? (body.usage as AnthropicMessage['usage']) : {},
  });
}

/** Anthropic SSE events -> canonical parts: JSON parsing and checks here, the mapping in src/convert. */
import type { StreamPart } from '../../spec/chat.js';
import type { SseEvent, StreamDecoder } from '../../spec/provider.js';
import type { AnthropicStreamEvent } from '../../convert/anthropic-types.js';
import { createAnthropicStreamMapper } from '../../convert/anthropic-stream-to-parts.js';
import { isRecord } from '../../convert/json.js';
import { invalidResponse } from '../provider-error.js';
import { redactSecrets } from '../redact-secrets.js';

export function createAnthropicStreamDecoder(): StreamDecoder {
  const mapper = createAnthropicStreamMapper();
  return {
    push(event: SseEvent, emit) {
      const data = event.data.trim();
      if (data === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch (cause) {
        throw invalidResponse(`Upstream sent a stream event that is not JSON: ${redactSecrets(data.slice(0, 200))}`, cause);
      }
      if (!isRecord(parsed)) throw invalidResponse('Upstream sent a stream event that is not a JSON object');
      // `type` in the data is authoritative; the SSE `event:` name is the fallback.
      if (typeof parsed.type !== 'string' && event.event) parsed.type = event.event;
      if (!isWellFormed(parsed)) throw invalidResponse(`Upstream sent a malformed ${String(parsed.type)} event`);
      mapper.push(parsed as AnthropicStreamEvent, (part: StreamPart) => {
        emit(part.type === 'error' ? { ...part, message: redactSecrets(part.message) } : part);
      });
    },
  };
}

/** The fields the mapper dereferences must exist; anything else is optional or ignored. */
function isWellFormed(event: Record<string, unknown>): boolean {
  switch (event.type) {
    case 'message_start':
      return isRecord(event.message);
    case 'content_block_start':
      return typeof event.index === 'number' && isRecord(event.content_block);
    case 'content_block_delta':
      return typeof event.index === 'number' && isRecord(event.delta);
    case 'message_delta':
      return isRecord(event.delta);
    case 'error':
      return isRecord(event.error);
    default:
      return typeof event.type === 'string';
  }
}

/**
 * Anthropic Messages stream events -> canonical `StreamPart`s. Stateful: one mapper per response.
 *
 * Usage: `message_start` carries input and cache counts, `message_delta` carries cumulative counts (output,
 * and sometimes input/cache again; there may be several deltas with server tools). Each field takes its
 * latest value, never a sum, and every update emits the full merged usage.
 */
import type { StreamPart } from '../spec/chat.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-types.js';
import { mapAnthropicErrorType } from './map-anthropic-error-type.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { mergeAnthropicUsage, normalizeAnthropicUsage } from './normalize-anthropic-usage.js';

export interface AnthropicStreamMapper {
  push(event: AnthropicStreamEvent, emit: (part: StreamPart) => void): void;
}

export interface AnthropicStreamMapperOptions {
  /** Clock for the `start` part's `created` (seconds); Anthropic streams carry no timestamp. */
  now?: () => number;
}

export function createAnthropicStreamMapper(options: AnthropicStreamMapperOptions = {}): AnthropicStreamMapper {
  let usage: AnthropicUsage = {};
  /** Anthropic block index -> canonical tool-call index (tool calls are numbered 0.. among themselves). */
  const toolIndexByBlock = new Map<number, number>();
  let nextToolIndex = 0;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));

  return {
    push(event, emit) {
      switch (event.type) {
        case 'message_start': {
          const { message } = event;
          emit({ type: 'start', id: message.id, model: message.model, created: now() });
          usage = mergeAnthropicUsage(usage, message.usage);
          if (message.usage) emit({ type: 'usage', usage: normalizeAnthropicUsage(usage) });
          break;
        }
        case 'content_block_start': {
          const block = event.content_block;
          if (block.type === 'text') {
            if (block.text) emit({ type: 'text', text: block.text });
          } else if (block.type === 'thinking') {
            if (block.thinking) emit({ type: 'reasoning', text: block.thinking });
          } else if (block.type === 'redacted_thinking') {
            emit({ type: 'redacted-reasoning', data: block.data });
          } else if (block.type === 'tool_use') {
            const index = nextToolIndex++;
            toolIndexByBlock.set(event.index, index);
            emit({ type: 'tool-call-start', index, id: block.id, name: block.name });
            // Input normally streams as input_json_delta from `{}`; a pre-filled input is sent whole.
            if (block.input && Object.keys(block.input).length > 0) {
              emit({ type: 'tool-call-delta', index, arguments: JSON.stringify(block.input) });
            }
          }
          break;
        }
        case 'content_block_delta': {
          const { delta } = event;
          if (delta.type === 'text_delta') emit({ type: 'text', text: delta.text });
          else if (delta.type === 'thinking_delta') emit({ type: 'reasoning', text: delta.thinking });
          else if (delta.type === 'signature_delta') emit({ type: 'reasoning-signature', signature: delta.signature });
          else if (delta.type === 'input_json_delta') {
            const index = toolIndexByBlock.get(event.index);
            // Deltas of server-tool blocks have no canonical tool call: skipped.
            if (index !== undefined && delta.partial_json !== '') emit({ type: 'tool-call-delta', index, arguments: delta.partial_json });
          }
          break;
        }
        case 'message_delta': {
          if (event.delta.stop_reason) {
            emit({ type: 'finish', reason: mapAnthropicStopReason(event.delta.stop_reason), stopSequence: event.delta.stop_sequence ?? null });
          }
          if (event.usage) {
            usage = mergeAnthropicUsage(usage, event.usage);
            emit({ type: 'usage', usage: normalizeAnthropicUsage(usage) });
          }
          break;
        }
        case 'message_stop':
          emit({ type: 'end' });
          break;
        case 'error':
          emit({ type: 'error', message: event.error.message, kind: mapAnthropicErrorType(event.error.type, event.error.message) });
          break;
        default:
          // ping, content_block_stop, and event types added later: nothing to emit.
          break;
      }
    },
  };
}

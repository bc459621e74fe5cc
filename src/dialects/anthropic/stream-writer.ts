/**
 * Canonical StreamParts -> Anthropic SSE frames (`event: <type>\ndata: <json>\n\n`). The event sequence is
 * decided in src/convert/parts-to-anthropic-stream.ts; this only frames it. After a failure the stream ends
 * with an `error` event, Anthropic's in-band error (there is no other terminal marker after it).
 */
import { createAnthropicStreamEncoder, type AnthropicStreamEncoder } from '../../convert/parts-to-anthropic-stream.js';
import type { AnthropicStreamEvent } from '../../convert/anthropic-types.js';
import type { GatewayError } from '../../errors.js';
import type { StreamEncoder, StreamEncoderOptions } from '../../gateway/dialect.js';
import type { StreamPart, Usage } from '../../spec/chat.js';
import { anthropicError } from './write-error.js';

export function sseEvent(event: { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class AnthropicStreamWriter implements StreamEncoder {
  private readonly events: AnthropicStreamEncoder;
  private out = '';
  private readonly collect = (event: AnthropicStreamEvent): void => {
    this.out += sseEvent(event);
  };

  constructor(opts: Pick<StreamEncoderOptions, 'id' | 'model' | 'inputEstimate'>) {
    this.events = createAnthropicStreamEncoder({ id: opts.id, model: opts.model, inputEstimate: opts.inputEstimate });
  }

  frame(part: StreamPart): string {
    this.events.push(part, this.collect);
    return this.take();
  }

  finish(usage: Usage, _costUsd: number): string {
    this.events.finish(usage, this.collect);
    return this.take();
  }

  error(err: GatewayError): string {
    return sseEvent(anthropicError(err));
  }

  private take(): string {
    const out = this.out;
    this.out = '';
    return out;
  }
}

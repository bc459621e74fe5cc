/**
 * Canonical StreamParts -> OpenAI `chat.completion.chunk` SSE frames. The per-stream JSON prefix is built
 * once, so each chunk costs one small string concatenation plus a JSON.stringify of the delta text.
 */
import type { FinishReason, StreamPart, Usage } from '../../spec/chat.js';
import { toOpenAIUsage } from './usage.js';

export class OpenAIStreamWriter {
  private prefix = '';
  private started = false;

  constructor(
    private readonly id: string,
    private readonly model: string,
    private readonly created: number,
  ) {
    this.prefix = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":`;
  }

  /** The SSE frame(s) for one part, or '' when the part produces no frame. */
  frame(part: StreamPart): string {
    let out = '';
    if (!this.started && part.type !== 'usage' && part.type !== 'end') {
      this.started = true;
      out += this.choice('{"role":"assistant","content":""}', null);
    }
    switch (part.type) {
      case 'text':
        return part.text ? out + this.choice(`{"content":${JSON.stringify(part.text)}}`, null) : out;
      case 'reasoning':
        return part.text ? out + this.choice(`{"reasoning_content":${JSON.stringify(part.text)}}`, null) : out;
      case 'tool-call-start':
        return out + this.choice(`{"tool_calls":[{"index":${part.index},"id":${JSON.stringify(part.id)},"type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}]}`, null);
      case 'tool-call-delta':
        return out + this.choice(`{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.arguments)}}}]}`, null);
      case 'finish':
        return out + this.choice('{}', part.reason);
      default:
        return out;
    }
  }

  private choice(delta: string, finish: FinishReason | null): string {
    return `${this.prefix}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}\n\n`;
  }

  usageFrame(usage: Usage, costUsd: number): string {
    return `${this.prefix}[],"usage":${JSON.stringify(toOpenAIUsage(usage, costUsd))}}\n\n`;
  }

  static errorFrame(body: string): string {
    return `data: ${body}\n\n`;
  }

  static readonly DONE = 'data: [DONE]\n\n';
}

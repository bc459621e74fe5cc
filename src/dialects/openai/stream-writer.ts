/**
 * Canonical StreamParts -> OpenAI `chat.completion.chunk` SSE frames. The per-stream JSON prefix is built
 * once, so each chunk costs one small string concatenation plus a JSON.stringify of the delta text.
 *
 * Claude's signed thinking must go back to Claude verbatim for a tool-use conversation to continue, so
 * the extension `delta.thinking_blocks` carries each complete block once its signature arrives (the
 * thinking text again, with its signature), and each redacted block, as the non-streaming
 * `message.thinking_blocks` does: a client appends them in order and sends them back.
 */
import type { FinishReason, StreamPart, Usage } from '../../spec/chat.js';
import { toOpenAIUsage } from './usage.js';

export class OpenAIStreamWriter {
  private prefix = '';
  private started = false;
  /** Thinking text since the last signed block, to send whole with its signature. */
  private thinking = '';

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
        if (!part.text) return out;
        this.thinking += part.text;
        return out + this.choice(`{"reasoning_content":${JSON.stringify(part.text)}}`, null);
      case 'reasoning-signature': {
        const block = JSON.stringify({ type: 'thinking', thinking: this.thinking, signature: part.signature });
        this.thinking = '';
        return out + this.choice(`{"thinking_blocks":[${block}]}`, null);
      }
      case 'redacted-reasoning':
        return out + this.choice(`{"thinking_blocks":[${JSON.stringify({ type: 'redacted_thinking', data: part.data })}]}`, null);
      case 'tool-call-start':
        return out + this.choice(`{"tool_calls":[{"index":${part.index},"id":${JSON.stringify(part.id)},"type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}]}`, null);
      case 'tool-call-delta':
        return out + this.choice(`{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.arguments)}}}]}`, null);
      case 'finish':
        return out + this.choice('{}', part.reason);
      case 'logprobs':
        return out + this.choice('{}', null, JSON.stringify(part.logprobs));
      default:
        return out;
    }
  }

  private choice(delta: string, finish: FinishReason | null, logprobs = 'null'): string {
    return `${this.prefix}[{"index":0,"delta":${delta},"logprobs":${logprobs},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}\n\n`;
  }

  usageFrame(usage: Usage, costUsd: number): string {
    return `${this.prefix}[],"usage":${JSON.stringify(toOpenAIUsage(usage, costUsd))}}\n\n`;
  }

  static errorFrame(body: string): string {
    return `data: ${body}\n\n`;
  }

  static readonly DONE = 'data: [DONE]\n\n';
}

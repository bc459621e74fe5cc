/** The OpenAI Chat Completions dialect. */
import type { Dialect, StreamEncoder, StreamEncoderOptions } from '../../gateway/dialect.js';
import type { GatewayError } from '../../errors.js';
import type { StreamPart, Usage } from '../../spec/chat.js';
import { parseOpenAIChatRequest } from './parse-request.js';
import { openAIErrorBody } from './write-error.js';
import { openAIResponseBody } from './write-response.js';
import { OpenAIStreamWriter } from './stream-writer.js';

class OpenAIStreamEncoder implements StreamEncoder {
  private readonly writer: OpenAIStreamWriter;
  constructor(private readonly opts: StreamEncoderOptions) {
    this.writer = new OpenAIStreamWriter(opts.id, opts.model, opts.created);
  }
  frame(part: StreamPart): string {
    return this.writer.frame(part);
  }
  finish(usage: Usage, costUsd: number): string {
    return (this.opts.includeUsage ? this.writer.usageFrame(usage, costUsd) : '') + OpenAIStreamWriter.DONE;
  }
  error(err: GatewayError): string {
    // no [DONE]: a client that stops at [DONE] without reading the error chunk must not take a cut answer for a finished one
    return OpenAIStreamWriter.errorFrame(openAIErrorBody(err));
  }
}

export const openAIDialect: Dialect = {
  name: 'openai',
  parse: parseOpenAIChatRequest,
  wantsStream: (r) => r.stream === true,
  wantsStreamUsage: (r) => r.stream_options?.include_usage === true,
  errorBody: openAIErrorBody,
  responseBody: openAIResponseBody,
  streamEncoder: (opts) => new OpenAIStreamEncoder(opts),
};

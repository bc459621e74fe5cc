/**
 * What a client protocol (dialect) provides to the shared request pipeline: parsing into the canonical
 * request, and writing responses, streams and errors back in its own wire format.
 */
import type { GatewayError } from '../errors.js';
import type { ChatRequest, ChatResponse, StreamPart, Usage } from '../spec/chat.js';

export interface StreamEncoderOptions {
  id: string;
  /** The served model id shown to the client. */
  model: string;
  created: number;
  /** OpenAI: the client asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Estimated input tokens, for protocols that announce usage before the content (Anthropic). */
  inputEstimate: number;
}

export interface StreamEncoder {
  /** Frames for one canonical part ('' when none). */
  frame(part: StreamPart): string;
  /** The closing frames of a complete answer (usage as the protocol reports it, then its terminal marker). */
  finish(usage: Usage, costUsd: number): string;
  /** An in-band error after the stream started, then the protocol's terminal marker. */
  error(err: GatewayError): string;
}

export interface Dialect {
  readonly name: 'openai' | 'anthropic';
  /** Validates the parsed JSON body; throws GatewayError naming the field. */
  parse(body: unknown): ChatRequest;
  /** True when the client wants a stream. */
  wantsStream(request: ChatRequest): boolean;
  /** True when the client asked to receive usage in the stream. */
  wantsStreamUsage(request: ChatRequest): boolean;
  errorBody(err: GatewayError): string;
  responseBody(res: ChatResponse, model: string, costUsd: number): string;
  streamEncoder(opts: StreamEncoderOptions): StreamEncoder;
}

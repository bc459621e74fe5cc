/**
 * The contract between the gateway and a provider adapter. Adapters are pure translators: they build the
 * upstream HTTP request and decode responses, stream events and errors. Sending, timeouts and retries
 * live in `src/upstream`, so an adapter is tested with recorded wire formats and no socket.
 */
import type { ChatRequest, ChatResponse, StreamPart, UpstreamErrorKind } from './chat.js';

export type Protocol = 'openai' | 'anthropic';

/** A configured provider account (a preset merged with the user's config). */
export interface ProviderConfig {
  /** The config key, e.g. `deepseek`. */
  name: string;
  /** The preset this provider was built from, if any (e.g. `deepseek`, `moonshot-cn`). */
  preset?: string;
  protocol: Protocol;
  /** As the provider documents it for its SDKs: OpenAI URLs include `/v1`, Anthropic URLs do not. */
  baseUrl: string;
  /** Secret. Never logged, never stored in the ledger. */
  apiKey?: string;
  /** ISO country code of where the data is processed (`US`, `CN`, `FR`, ...), or `local`. */
  jurisdiction: string;
  /** Extra headers sent on every request (e.g. OpenRouter's `HTTP-Referer`). */
  headers?: Record<string, string>;
}

/** Per-million-token prices in USD, as decimals. */
export interface Price {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** 1-hour cache writes (Anthropic); without it they cost `cacheWrite`. */
  cacheWrite1h?: number;
}

/** A model the router may choose: a catalog entry resolved against a configured provider. */
export interface ResolvedTarget {
  /** Switchyard's model id (catalog id, config model id, or `provider/upstream`). */
  modelId: string;
  provider: ProviderConfig;
  /** The model name sent upstream. */
  upstreamModel: string;
  price: Price;
  contextWindow?: number;
  maxOutput?: number;
}

/** A fully built upstream HTTP request. `url` is absolute. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One Server-Sent Event as parsed from the wire. */
export interface SseEvent {
  /** The `event:` field, or undefined when absent. */
  event?: string;
  /** The joined `data:` lines. */
  data: string;
}

/** An upstream error, classified. `message` is safe to show a client (no secrets). */
export interface UpstreamErrorInfo {
  kind: UpstreamErrorKind;
  status: number;
  message: string;
  /** The provider's own error code or type, when it gave one. */
  providerCode?: string;
  /** From `Retry-After` / `retry-after-ms`, already parsed, uncapped. */
  retryAfterMs?: number;
}

/** Decodes a provider's SSE stream into canonical parts. One instance per response. */
export interface StreamDecoder {
  /** Decode one SSE event; call `emit` for each canonical part it yields (zero or more). */
  push(event: SseEvent, emit: (part: StreamPart) => void): void;
}

export interface ProviderAdapter {
  readonly protocol: Protocol;
  /** Build the upstream request. For streams the adapter must ask the upstream for usage. */
  buildRequest(request: ChatRequest, target: ResolvedTarget, stream: boolean): UpstreamRequest;
  /** Decode a successful non-streaming JSON body. Throws an `UpstreamErrorInfo`-carrying error if malformed. */
  parseResponse(body: unknown): ChatResponse;
  createStreamDecoder(): StreamDecoder;
  /** Classify an HTTP error response (status >= 400). `body` is the parsed JSON or the raw text. */
  parseError(status: number, body: unknown, headers: Record<string, string | string[] | undefined>): UpstreamErrorInfo;
}

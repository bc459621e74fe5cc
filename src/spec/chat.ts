/**
 * Canonical chat types.
 *
 * The canonical request and response are the OpenAI Chat Completions shapes, typed. Most upstreams speak
 * that protocol, so the common path (OpenAI client -> OpenAI-compatible provider) needs no conversion at
 * all; Anthropic-only features (cache_control, signed thinking blocks) ride in documented extension fields
 * so a conversation survives a round trip through the other protocol.
 */

/** Anthropic prompt-caching marker, kept on parts/tools so an Anthropic upstream receives it unchanged. */
export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface TextPart {
  type: 'text';
  text: string;
  /** Extension: Anthropic prompt-caching breakpoint on this block. */
  cache_control?: CacheControl;
}

export interface ImagePart {
  type: 'image_url';
  image_url: {
    /** `https://...` or a `data:<media type>;base64,<data>` URL. */
    url: string;
    detail?: 'auto' | 'low' | 'high';
  };
  cache_control?: CacheControl;
}

export type ContentPart = TextPart | ImagePart;

/** A tool call requested by the model. `arguments` is a JSON text (possibly invalid: models err). */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * Extension: a reasoning block as Anthropic returns it. Kept on assistant messages so that a multi-turn
 * conversation with extended thinking can be sent back to Anthropic with its signatures intact.
 */
export interface ThinkingBlock {
  type: 'thinking' | 'redacted_thinking';
  /** The reasoning text (`thinking`), absent for redacted blocks. */
  thinking?: string;
  /** Anthropic's signature over the block; required when the block is sent back. */
  signature?: string;
  /** Opaque payload of a `redacted_thinking` block. */
  data?: string;
}

export interface SystemMessage {
  role: 'system' | 'developer';
  content: string | TextPart[];
  name?: string;
}

export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content: string | TextPart[] | null;
  tool_calls?: ToolCall[];
  refusal?: string | null;
  /** Extension (DeepSeek, Moonshot, Qwen, vLLM convention): plain reasoning text. */
  reasoning_content?: string;
  /** Extension: Anthropic thinking blocks with signatures, in order. */
  thinking_blocks?: ThinkingBlock[];
  name?: string;
}

export interface ToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | ContentPart[];
  /** Extension: Anthropic `tool_result.is_error`. */
  is_error?: boolean;
}

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export type JsonObject = { [key: string]: unknown };

export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** JSON Schema of the arguments. */
    parameters?: JsonObject;
    strict?: boolean;
  };
  cache_control?: CacheControl;
}

export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: JsonObject; strict?: boolean } };

/**
 * A chat request in canonical form. Parameters not named here are passed through to OpenAI-compatible
 * upstreams untouched (hence the index signature), so new provider parameters work without a release.
 */
export interface ChatRequest {
  /** What the client asked for: a catalog model id, `provider/upstream-model`, or a route name. */
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  n?: number;
  seed?: number;
  user?: string;
  metadata?: Record<string, string>;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** OpenRouter-style fallback chain carried by the request itself; tried in order after `model`. */
  models?: string[];
  /** Extension: Anthropic extended-thinking settings, passed to Anthropic upstreams. */
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };
  [param: string]: unknown;
}

/** Why generation stopped, in OpenAI's vocabulary (Anthropic's reasons are mapped onto it). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ResponseMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ToolCall[];
  refusal?: string | null;
  reasoning_content?: string;
  thinking_blocks?: ThinkingBlock[];
}

/** A complete (non-streaming) response in canonical form. */
export interface ChatResponse {
  id: string;
  /** The model name the upstream reported. */
  model: string;
  created: number;
  message: ResponseMessage;
  finishReason: FinishReason;
  /** Extension: the exact stop sequence that ended generation, when the upstream says (Anthropic). */
  stopSequence?: string | null;
  usage: Usage;
  /** True when the upstream reported no usage and the gateway had to estimate it. */
  usageEstimated?: boolean;
  /** OpenAI `choices[0].logprobs`, passed through as the upstream sent it (requested with `logprobs`). */
  logprobs?: unknown;
  /** OpenAI `system_fingerprint`, passed through. */
  systemFingerprint?: string;
}

/**
 * Token usage, normalised across providers. All counts are integers >= 0.
 * total input = input + cacheRead + cacheWrite; output includes reasoning.
 */
export interface Usage {
  /** Input tokens billed at the normal input rate (not read from or written to a cache). */
  input: number;
  /** Input tokens read from the provider's prompt cache. */
  cacheRead: number;
  /** Input tokens written to the provider's prompt cache (Anthropic-style explicit caching). */
  cacheWrite: number;
  /** The part of `cacheWrite` written with a 1-hour TTL (Anthropic), billed at its own price. */
  cacheWrite1h?: number;
  /** All generated tokens, reasoning included. */
  output: number;
  /** The part of `output` spent on reasoning. */
  reasoning: number;
}

/**
 * One event of a streamed response, in canonical form. Usage events carry the latest cumulative value:
 * consumers keep the last one, never sum.
 */
export type StreamPart =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /** A thinking block's signature (Anthropic) arrives after its text. */
  | { type: 'reasoning-signature'; signature: string }
  | { type: 'redacted-reasoning'; data: string }
  /** OpenAI `choices[0].logprobs` of one chunk, passed through (requested with `logprobs`). */
  | { type: 'logprobs'; logprobs: unknown }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; arguments: string }
  | { type: 'finish'; reason: FinishReason; stopSequence?: string | null }
  | { type: 'usage'; usage: Usage }
  /** The upstream ended the stream with its protocol's terminal marker (`[DONE]`, `message_stop`). */
  | { type: 'end' }
  /** The upstream reported an error inside the stream. */
  | { type: 'error'; message: string; kind: UpstreamErrorKind };

/** How an upstream failure is classified; this decides retry and fallback. */
export type UpstreamErrorKind =
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'connection'
  | 'timeout'
  | 'context_length'
  | 'content_filter'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'stream_truncated'
  | 'invalid_response';

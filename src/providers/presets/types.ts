/**
 * A provider preset: where a provider lives and which protocol quirks its adapter must apply. Presets are
 * data; the two adapters (openai-compatible, anthropic) read `quirks` and contain all the behaviour.
 */
import type { Protocol } from '../../spec/provider.js';

export interface ProviderQuirks {
  // --- OpenAI protocol -------------------------------------------------------------------------------
  /**
   * The field that carries the output limit (the canonical request may use either name).
   * `by-model`: `max_completion_tokens` for OpenAI reasoning models (o1/o3/o4…, gpt-5…), which reject
   * `max_tokens`; `max_tokens` otherwise. Default `max_tokens`, which every compatible upstream knows.
   */
  tokenLimitField?: 'max_tokens' | 'max_completion_tokens' | 'by-model';
  /**
   * Assistant `reasoning_content` in the history: `drop` (default; most upstreams reject or ignore it),
   * `keep`, or `tool-calls`: kept, and set to '' when missing, on turns with tool calls only (DeepSeek and
   * Kimi thinking modes reject a tool-call turn whose reasoning is not passed back; elsewhere it is ignored).
   */
  reasoningHistory?: 'drop' | 'keep' | 'tool-calls';
  /**
   * How the canonical `thinking` extension (Anthropic-shaped) is sent: `drop` (default), `type-only`
   * (`thinking: {type}`: DeepSeek, Z.ai, Moonshot), `enable-thinking` (`enable_thinking` + `thinking_budget`:
   * DashScope), `openrouter-reasoning` (`reasoning: {max_tokens}` / `{enabled: false}`).
   * A parameter the client set explicitly (e.g. its own `reasoning`) is never overwritten.
   */
  thinking?: 'drop' | 'type-only' | 'enable-thinking' | 'openrouter-reasoning';
  /** Keep `cache_control` on content parts and tools (the upstream implements explicit prompt caching). */
  cacheControl?: boolean;
  /** `stream-options` (default): send `stream_options.include_usage`. `always`: usage comes unasked and the
   * upstream rejects `stream_options` (Mistral). */
  streamUsage?: 'stream-options' | 'always';
  /** Top-level parameters the upstream rejects; removed from the body. */
  dropParams?: readonly string[];
  /** Top-level parameters the upstream names differently (`{seed: 'random_seed'}`). */
  renameParams?: Readonly<Record<string, string>>;
  /** Reasoning arrives inline at the start of `content` as `<think>…</think>` (MiniMax over /v1): split it
   * out of responses, and inline `reasoning_content` back into assistant history the same way. */
  inlineThinkTags?: boolean;
  /** Tool-call ids must be 9 alphanumerics (Mistral); other ids are mapped deterministically. */
  toolCallIdFormat?: 'mistral';
  /** A `user` message may not follow a `tool` message (Mistral: "Unexpected role 'user' after role
   * 'tool'"); a short assistant turn is put between them. Anthropic clients cause the shape: Claude
   * Code sends tool results and its next text in one user turn, which becomes tool + user messages. */
  assistantAfterTool?: boolean;
  /** Gemini 3+ rejects assistant tool calls without a thought signature; inject Google's documented
   * `skip_thought_signature_validator` sentinel where the history has none. */
  thoughtSignatureFallback?: boolean;

  // --- Anthropic protocol ----------------------------------------------------------------------------
  /** Also send `Authorization: Bearer` (Anthropic-compatible endpoints document either header). */
  bearerAuth?: boolean;
  /** Send thinking without an Anthropic signature (see `AnthropicMessagesOptions.keepUnsignedThinking`). */
  unsignedThinking?: boolean;
}

export interface ProviderPreset {
  name: string;
  protocol: Protocol;
  /** As the provider documents it for its SDKs: OpenAI URLs include the version path, Anthropic URLs do not. */
  baseUrl: string;
  /** ISO country code of the provider's home jurisdiction, or `local`. */
  jurisdiction: string;
  /** Environment variable conventionally holding the API key. */
  envKey?: string;
  headers?: Readonly<Record<string, string>>;
  quirks: Readonly<ProviderQuirks>;
}

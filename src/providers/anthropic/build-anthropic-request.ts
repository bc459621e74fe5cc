/** Canonical request -> upstream HTTP request for an Anthropic-protocol provider. */
import type { ChatRequest } from '../../spec/chat.js';
import type { ResolvedTarget, UpstreamRequest } from '../../spec/provider.js';
import { convertOpenAIToAnthropicRequest, toolTurnWithoutThinking } from '../../convert/openai-to-anthropic-request.js';
import { anthropicMessagesUrl } from '../join-url.js';
import type { ProviderQuirks } from '../presets/types.js';

export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic requires `max_tokens`; without one from the client, the model's limit is used up to this cap
 * (a safe output size that every current model supports, and a bounded budget reservation). */
const DEFAULT_MAX_TOKENS_CAP = 8192;
const DEFAULT_MAX_TOKENS = 4096;

export interface AnthropicRequestOptions {
  quirks: ProviderQuirks;
  headers?: Readonly<Record<string, string>>;
}

export function buildAnthropicRequest(request: ChatRequest, target: ResolvedTarget, stream: boolean, options: AnthropicRequestOptions): UpstreamRequest {
  const body = convertOpenAIToAnthropicRequest(request, {
    model: target.upstreamModel,
    defaultMaxTokens: target.maxOutput ? Math.min(target.maxOutput, DEFAULT_MAX_TOKENS_CAP) : DEFAULT_MAX_TOKENS,
    ...(target.maxOutput ? { maxOutput: target.maxOutput } : {}),
    stream,
    keepUnsignedThinking: options.quirks.unsignedThinking === true,
  });
  // A tool loop whose last assistant turn has no thinking to lead it (an OpenAI-protocol model answered it,
  // after a fallback or a model_map switch) is refused by Claude with thinking on: it goes without.
  if (body.thinking?.type === 'enabled' && toolTurnWithoutThinking(body.messages)) delete body.thinking;

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...options.headers,
    ...target.provider.headers,
  };
  if (stream) headers.accept = 'text/event-stream';
  const key = target.provider.apiKey;
  if (key) {
    headers['x-api-key'] = key;
    if (options.quirks.bearerAuth) headers.authorization = `Bearer ${key}`;
  }
  return { url: anthropicMessagesUrl(target.provider.baseUrl), headers, body: JSON.stringify(body) };
}

/** The native Anthropic Messages adapter, used for Anthropic and every `*-anthropic` compatible preset. */
import type { ChatRequest } from '../../spec/chat.js';
import type { ProviderAdapter, ResolvedTarget } from '../../spec/provider.js';
import { parseUpstreamError } from '../parse-upstream-error.js';
import type { ProviderQuirks } from '../presets/types.js';
import { createAnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { parseAnthropicResponse } from './parse-anthropic-response.js';

export interface AnthropicAdapterOptions {
  quirks?: Readonly<ProviderQuirks>;
  headers?: Readonly<Record<string, string>>;
}

export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const requestOptions = { quirks: options.quirks ?? {}, headers: options.headers };
  return {
    protocol: 'anthropic',
    buildRequest: (request: ChatRequest, target: ResolvedTarget, stream: boolean) => buildAnthropicRequest(request, target, stream, requestOptions),
    parseResponse: (body) => parseAnthropicResponse(body),
    createStreamDecoder: () => createAnthropicStreamDecoder(),
    // Anthropic's error types (overloaded_error on 529, rate_limit_error, ...) and "prompt is too long"
    // are covered by the shared classifier.
    parseError: (status, body, headers) => parseUpstreamError(status, body, headers),
  };
}

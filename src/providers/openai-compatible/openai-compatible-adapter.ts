/**
 * The one adapter for every OpenAI-protocol provider. Providers differ only by data: the preset's quirks.
 */
import type { ChatRequest } from '../../spec/chat.js';
import type { ProviderAdapter, ResolvedTarget } from '../../spec/provider.js';
import { parseUpstreamError } from '../parse-upstream-error.js';
import type { ProviderQuirks } from '../presets/types.js';
import { buildOpenAIRequest } from './build-openai-request.js';
import { createOpenAIStreamDecoder } from './openai-stream-decoder.js';
import { parseOpenAIResponse } from './parse-openai-response.js';

export interface OpenAICompatibleAdapterOptions {
  quirks?: Readonly<ProviderQuirks>;
  /** Preset headers, sent unless the provider config overrides them. */
  headers?: Readonly<Record<string, string>>;
}

export function createOpenAICompatibleAdapter(options: OpenAICompatibleAdapterOptions = {}): ProviderAdapter {
  const quirks = options.quirks ?? {};
  const requestOptions = { quirks, headers: options.headers };
  return {
    protocol: 'openai',
    buildRequest: (request: ChatRequest, target: ResolvedTarget, stream: boolean) => buildOpenAIRequest(request, target, stream, requestOptions),
    parseResponse: (body) => parseOpenAIResponse(body, quirks),
    createStreamDecoder: () => createOpenAIStreamDecoder(quirks),
    parseError: (status, body, headers) => parseUpstreamError(status, body, headers),
  };
}

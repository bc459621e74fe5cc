/**
 * Provider adapters: pure translators between canonical requests/responses and each upstream protocol.
 * `adapterFor` returns the adapter for a configured provider, built once per protocol and preset.
 */
import type { ProviderAdapter, ProviderConfig } from '../spec/provider.js';
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
import { createOpenAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter.js';
import { PRESETS } from './presets/index.js';

const cache = new Map<string, ProviderAdapter>();

export function adapterFor(provider: ProviderConfig): ProviderAdapter {
  const key = `${provider.protocol}:${provider.preset ?? ''}`;
  let adapter = cache.get(key);
  if (adapter) return adapter;
  const preset = provider.preset !== undefined && Object.hasOwn(PRESETS, provider.preset) ? PRESETS[provider.preset] : undefined;
  // A preset's quirks describe its own protocol; a provider that overrides the protocol gets none.
  const options = preset && preset.protocol === provider.protocol ? { quirks: preset.quirks, headers: preset.headers } : {};
  adapter = provider.protocol === 'anthropic' ? createAnthropicAdapter(options) : createOpenAICompatibleAdapter(options);
  cache.set(key, adapter);
  return adapter;
}

export { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
export { createOpenAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter.js';
export { normalizeOpenAIUsage } from './normalize-openai-usage.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { classifyUpstreamError } from './classify-upstream-error.js';
export { ProviderError, isProviderError, invalidResponse } from './provider-error.js';
export { PRESETS, presetFor, applyPreset, type ProviderPreset, type ProviderQuirks, type ProviderOverrides } from './presets/index.js';

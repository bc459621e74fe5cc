import type { ProviderPreset } from './types.js';

/** OpenRouter. Usage (with cost and cache writes) is always sent; `stream_options` is accepted and ignored. */
export const openrouter: ProviderPreset = {
  name: 'openrouter',
  protocol: 'openai',
  baseUrl: 'https://openrouter.ai/api/v1',
  jurisdiction: 'US',
  envKey: 'OPENROUTER_API_KEY',
  // Optional app attribution on OpenRouter's dashboards.
  headers: { 'X-Title': 'Switchyard' },
  quirks: {
    thinking: 'openrouter-reasoning',
    // Passed on to Anthropic and Gemini models for explicit prompt caching.
    cacheControl: true,
  },
};

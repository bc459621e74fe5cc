import type { ProviderPreset } from './types.js';

/** OpenAI: the reference behaviour the canonical types follow. */
export const openai: ProviderPreset = {
  name: 'openai',
  protocol: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  jurisdiction: 'US',
  envKey: 'OPENAI_API_KEY',
  quirks: {
    // Reasoning models (o1/o3/o4…, gpt-5…) reject `max_tokens`.
    tokenLimitField: 'by-model',
    // Anthropic clients may send top_k; OpenAI rejects it ("Unrecognized request argument supplied").
    dropParams: ['top_k'],
  },
};

import type { ProviderPreset } from './types.js';

/** Mistral. Its API rejects unknown parameters with 422 `extra_forbidden`, hence the strictest quirks. */
export const mistral: ProviderPreset = {
  name: 'mistral',
  protocol: 'openai',
  baseUrl: 'https://api.mistral.ai/v1',
  jurisdiction: 'FR',
  envKey: 'MISTRAL_API_KEY',
  quirks: {
    // Usage is in the last chunk anyway; `stream_options` is rejected.
    streamUsage: 'always',
    dropParams: ['user', 'metadata', 'store', 'service_tier', 'logit_bias', 'top_k'],
    renameParams: { seed: 'random_seed' },
    toolCallIdFormat: 'mistral',
    assistantAfterTool: true,
  },
};

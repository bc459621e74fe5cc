import type { ProviderPreset } from './types.js';

/** Together AI. */
export const together: ProviderPreset = {
  name: 'together',
  protocol: 'openai',
  baseUrl: 'https://api.together.xyz/v1',
  jurisdiction: 'US',
  envKey: 'TOGETHER_API_KEY',
  quirks: {},
};

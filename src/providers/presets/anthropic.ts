import type { ProviderPreset } from './types.js';

/** Anthropic's native Messages API. */
export const anthropic: ProviderPreset = {
  name: 'anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  jurisdiction: 'US',
  envKey: 'ANTHROPIC_API_KEY',
  quirks: {},
};

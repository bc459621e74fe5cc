import { anthropicCompatibleQuirks } from './anthropic-compatible.js';
import type { ProviderPreset } from './types.js';

/** Z.ai (GLM)'s Anthropic-compatible endpoint. */
export const zaiAnthropic: ProviderPreset = {
  name: 'zai-anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://api.z.ai/api/anthropic',
  jurisdiction: 'CN',
  envKey: 'ZAI_API_KEY',
  quirks: anthropicCompatibleQuirks,
};

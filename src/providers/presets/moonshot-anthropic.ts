import { anthropicCompatibleQuirks } from './anthropic-compatible.js';
import type { ProviderPreset } from './types.js';

/** Moonshot (Kimi)'s Anthropic-compatible endpoint. */
export const moonshotAnthropic: ProviderPreset = {
  name: 'moonshot-anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://api.moonshot.ai/anthropic',
  jurisdiction: 'CN',
  envKey: 'MOONSHOT_API_KEY',
  quirks: anthropicCompatibleQuirks,
};

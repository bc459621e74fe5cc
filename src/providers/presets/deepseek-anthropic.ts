import { anthropicCompatibleQuirks } from './anthropic-compatible.js';
import type { ProviderPreset } from './types.js';

/** DeepSeek's Anthropic-compatible endpoint. */
export const deepseekAnthropic: ProviderPreset = {
  name: 'deepseek-anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://api.deepseek.com/anthropic',
  jurisdiction: 'CN',
  envKey: 'DEEPSEEK_API_KEY',
  quirks: anthropicCompatibleQuirks,
};

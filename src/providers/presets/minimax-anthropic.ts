import { anthropicCompatibleQuirks } from './anthropic-compatible.js';
import type { ProviderPreset } from './types.js';

/** MiniMax's Anthropic-compatible endpoint (MiniMax's recommended one: reasoning comes as thinking blocks). */
export const minimaxAnthropic: ProviderPreset = {
  name: 'minimax-anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://api.minimax.io/anthropic',
  jurisdiction: 'CN',
  envKey: 'MINIMAX_API_KEY',
  quirks: anthropicCompatibleQuirks,
};

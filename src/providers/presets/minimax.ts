import type { ProviderPreset, ProviderQuirks } from './types.js';

/** MiniMax over its OpenAI-compatible /v1 (MiniMax recommends the Anthropic endpoint: `minimax-anthropic`). */
export const minimaxQuirks: ProviderQuirks = {
  // M-series models put their reasoning inline as <think>…</think> at the start of `content`, and want it
  // back the same way in multi-turn history.
  inlineThinkTags: true,
};

export const minimax: ProviderPreset = {
  name: 'minimax',
  protocol: 'openai',
  baseUrl: 'https://api.minimax.io/v1',
  jurisdiction: 'CN',
  envKey: 'MINIMAX_API_KEY',
  quirks: minimaxQuirks,
};

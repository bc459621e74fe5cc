import type { ProviderPreset } from './types.js';

/** DeepSeek. Usage reports cache hits/misses in its own top-level fields (normalised generically). */
export const deepseek: ProviderPreset = {
  name: 'deepseek',
  protocol: 'openai',
  baseUrl: 'https://api.deepseek.com/v1',
  jurisdiction: 'CN',
  envKey: 'DEEPSEEK_API_KEY',
  quirks: {
    // Thinking mode returns 400 unless the reasoning of tool-call turns is passed back.
    reasoningHistory: 'tool-calls',
    // `thinking: {type: "enabled" | "disabled"}` switches thinking mode.
    thinking: 'type-only',
  },
};

import type { ProviderPreset, ProviderQuirks } from './types.js';

/** Z.ai (Zhipu GLM), international endpoint. Reasoning arrives as `reasoning_content`. */
export const zaiQuirks: ProviderQuirks = {
  // GLM switches thinking with `thinking: {type: "enabled" | "disabled"}`.
  thinking: 'type-only',
};

export const zai: ProviderPreset = {
  name: 'zai',
  protocol: 'openai',
  baseUrl: 'https://api.z.ai/api/paas/v4',
  jurisdiction: 'CN',
  envKey: 'ZAI_API_KEY',
  quirks: zaiQuirks,
};

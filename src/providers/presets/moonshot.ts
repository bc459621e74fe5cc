import type { ProviderPreset, ProviderQuirks } from './types.js';

/** Moonshot (Kimi), global endpoint. Streams put usage in `choices[0].usage` (accepted generically). */
export const moonshotQuirks: ProviderQuirks = {
  // Kimi thinking models require the reasoning of tool-call turns in the history.
  reasoningHistory: 'tool-calls',
  thinking: 'type-only',
};

export const moonshot: ProviderPreset = {
  name: 'moonshot',
  protocol: 'openai',
  baseUrl: 'https://api.moonshot.ai/v1',
  jurisdiction: 'CN',
  envKey: 'MOONSHOT_API_KEY',
  quirks: moonshotQuirks,
};

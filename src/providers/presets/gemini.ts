import type { ProviderPreset } from './types.js';

/** Google Gemini's OpenAI-compatible endpoint. Streams send running usage totals (the last one wins),
 * tool-call deltas without `index`, and `finish_reason: "stop"` after tool calls: all handled generically. */
export const gemini: ProviderPreset = {
  name: 'gemini',
  protocol: 'openai',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  jurisdiction: 'US',
  envKey: 'GEMINI_API_KEY',
  quirks: {
    thoughtSignatureFallback: true,
  },
};

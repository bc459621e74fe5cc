import type { ProviderPreset } from './types.js';

/** Ollama's OpenAI-compatible API on the local machine (no key; reasoning arrives as `reasoning`). */
export const ollama: ProviderPreset = {
  name: 'ollama',
  protocol: 'openai',
  baseUrl: 'http://localhost:11434/v1',
  jurisdiction: 'local',
  quirks: {},
};

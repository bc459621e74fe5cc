import type { ProviderPreset } from './types.js';

/** Groq. Older streams carry usage only in `x_groq.usage` (accepted generically). */
export const groq: ProviderPreset = {
  name: 'groq',
  protocol: 'openai',
  baseUrl: 'https://api.groq.com/openai/v1',
  jurisdiction: 'US',
  envKey: 'GROQ_API_KEY',
  quirks: {},
};

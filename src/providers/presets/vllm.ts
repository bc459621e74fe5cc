import type { ProviderPreset } from './types.js';

/** A local vLLM server (`--api-key` optional). */
export const vllm: ProviderPreset = {
  name: 'vllm',
  protocol: 'openai',
  baseUrl: 'http://localhost:8000/v1',
  jurisdiction: 'local',
  quirks: {},
};

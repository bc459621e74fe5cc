import { minimaxQuirks } from './minimax.js';
import type { ProviderPreset } from './types.js';

/** MiniMax, mainland China endpoint. */
export const minimaxCn: ProviderPreset = {
  name: 'minimax-cn',
  protocol: 'openai',
  baseUrl: 'https://api.minimaxi.com/v1',
  jurisdiction: 'CN',
  envKey: 'MINIMAX_API_KEY',
  quirks: minimaxQuirks,
};

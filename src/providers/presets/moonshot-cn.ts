import { moonshotQuirks } from './moonshot.js';
import type { ProviderPreset } from './types.js';

/** Moonshot (Kimi), mainland China endpoint; keys are per region. */
export const moonshotCn: ProviderPreset = {
  name: 'moonshot-cn',
  protocol: 'openai',
  baseUrl: 'https://api.moonshot.cn/v1',
  jurisdiction: 'CN',
  envKey: 'MOONSHOT_API_KEY',
  quirks: moonshotQuirks,
};

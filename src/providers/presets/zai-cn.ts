import type { ProviderPreset } from './types.js';
import { zaiQuirks } from './zai.js';

/** Zhipu BigModel, mainland China endpoint. */
export const zaiCn: ProviderPreset = {
  name: 'zai-cn',
  protocol: 'openai',
  baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  jurisdiction: 'CN',
  envKey: 'ZAI_API_KEY',
  quirks: zaiQuirks,
};

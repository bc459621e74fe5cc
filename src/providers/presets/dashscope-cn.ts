import { dashscopeQuirks } from './dashscope.js';
import type { ProviderPreset } from './types.js';

/** Alibaba DashScope, Beijing endpoint. */
export const dashscopeCn: ProviderPreset = {
  name: 'dashscope-cn',
  protocol: 'openai',
  baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  jurisdiction: 'CN',
  envKey: 'DASHSCOPE_API_KEY',
  quirks: dashscopeQuirks,
};

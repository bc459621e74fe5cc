import { anthropicCompatibleQuirks } from './anthropic-compatible.js';
import type { ProviderPreset } from './types.js';

/** Alibaba DashScope's Anthropic-compatible endpoint (Singapore region). */
export const dashscopeAnthropic: ProviderPreset = {
  name: 'dashscope-anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://dashscope-intl.aliyuncs.com/apps/anthropic',
  jurisdiction: 'CN',
  envKey: 'DASHSCOPE_API_KEY',
  quirks: anthropicCompatibleQuirks,
};

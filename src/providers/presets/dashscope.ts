import type { ProviderPreset, ProviderQuirks } from './types.js';

/** Alibaba DashScope / Model Studio (Qwen), international (Singapore) endpoint; keys are per region. */
export const dashscopeQuirks: ProviderQuirks = {
  // Qwen3 thinking is switched by `enable_thinking` and bounded by `thinking_budget`.
  thinking: 'enable-thinking',
  // Explicit context cache uses Anthropic-style `cache_control` markers on content blocks.
  cacheControl: true,
};

export const dashscope: ProviderPreset = {
  name: 'dashscope',
  protocol: 'openai',
  baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  jurisdiction: 'CN',
  envKey: 'DASHSCOPE_API_KEY',
  quirks: dashscopeQuirks,
};

/**
 * OpenAI-protocol provider presets and their usage-reporting quirks (see shared PROVIDERS.md). These are
 * the facts the gateway's provider adapters are tested against, so each is one explicit flag.
 */

export const PRESET_NAMES = [
  'openai',
  'deepseek',
  'moonshot',
  'minimax',
  'zai',
  'dashscope',
  'gemini',
  'groq',
  'together',
  'openrouter',
  'ollama',
  'vllm',
  'mistral',
] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  /** Usage in streams: only with `stream_options.include_usage` (OpenAI), or always. */
  streamUsage: 'when-asked' | 'always';
  /**
   * Where a stream's usage goes: a final `choices: []` chunk (OpenAI), `choices[0].usage` of the finish
   * chunk (Moonshot), or running totals on every chunk ending with the finish chunk (Gemini).
   */
  streamUsagePlacement: 'final-chunk' | 'in-choice' | 'running';
  /** `prompt_cache_hit_tokens` / `prompt_cache_miss_tokens` at the usage top level (DeepSeek). */
  cacheHitMissFields: boolean;
  /** `cached_tokens` at the usage top level instead of `prompt_tokens_details` (Moonshot). */
  topLevelCachedTokens: boolean;
  /** The last chunk also carries `x_groq: {id, usage}` (Groq). */
  xGroq: boolean;
  /** Usage carries `cost` in USD (OpenRouter). */
  cost: boolean;
  /** Reasoning inline as `<think>...</think>` at the start of content (MiniMax over /v1). */
  inlineThink: boolean;
  /** SSE comment lines sent before the first chunk (OpenRouter's keep-alive comments). */
  sseComment?: string;
}

const BASE: Omit<Preset, 'name'> = {
  streamUsage: 'when-asked',
  streamUsagePlacement: 'final-chunk',
  cacheHitMissFields: false,
  topLevelCachedTokens: false,
  xGroq: false,
  cost: false,
  inlineThink: false,
};

const OVERRIDES: Partial<Record<PresetName, Partial<Preset>>> = {
  deepseek: { cacheHitMissFields: true },
  moonshot: { streamUsage: 'always', streamUsagePlacement: 'in-choice', topLevelCachedTokens: true },
  gemini: { streamUsage: 'always', streamUsagePlacement: 'running' },
  groq: { xGroq: true },
  openrouter: { streamUsage: 'always', cost: true, sseComment: ': OPENROUTER PROCESSING\n\n' },
  minimax: { inlineThink: true },
  // Mistral rejects `stream_options` (422 extra_forbidden) and sends usage on the last chunk regardless.
  mistral: { streamUsage: 'always' },
};

export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.fromEntries(
  PRESET_NAMES.map((name) => [name, Object.freeze({ ...BASE, ...OVERRIDES[name], name })]),
) as Record<PresetName, Preset>;

/** OpenRouter-style cost for the emulated models: $1 per 1M input tokens, $0.10 cached, $2 per 1M output. */
export function emulatedCostUsd(prompt: number, cached: number, output: number): number {
  return ((prompt - cached) * 1 + cached * 0.1 + output * 2) / 1e6;
}

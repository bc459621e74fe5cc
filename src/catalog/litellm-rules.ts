/**
 * What the LiteLLM importer keeps, as data. Each rule carries its reason so data/CATALOG.md and the
 * build log can say why a model is missing. Keys of the tables are `provider:upstream` (Switchyard
 * provider, model name without LiteLLM's prefix) so both spellings LiteLLM uses for one model match.
 */

/** LiteLLM `litellm_provider` -> Switchyard provider preset. Other LiteLLM providers are ignored. */
export const LITELLM_PROVIDERS: Readonly<Record<string, string>> = Object.freeze({
  anthropic: 'anthropic',
  dashscope: 'dashscope',
  deepseek: 'deepseek',
  gemini: 'gemini',
  groq: 'groq',
  minimax: 'minimax',
  mistral: 'mistral',
  moonshot: 'moonshot',
  openai: 'openai',
  openrouter: 'openrouter',
  together_ai: 'together',
  zai: 'zai',
});

export interface NameRule {
  pattern: RegExp;
  reason: string;
}

/** Model-name patterns for products that are not plain chat models, even when LiteLLM says `chat`. */
export const NON_CHAT_VARIANTS: readonly NameRule[] = [
  { pattern: /^ft:/, reason: 'fine-tuning price, not a servable model' },
  { pattern: /audio|realtime|-live|tts/, reason: 'audio/realtime model' },
  { pattern: /search/, reason: 'search-augmented variant priced per query' },
  { pattern: /image/, reason: 'image model' },
  { pattern: /computer-use|robotics|lyria|customtools/, reason: 'special-purpose variant' },
  { pattern: /guard/, reason: 'safety classifier, not a chat model' },
  { pattern: /-exp(-|$)/, reason: 'experimental release' },
  { pattern: /:exacto$/, reason: 'OpenRouter routing variant of a listed model' },
  { pattern: /^openrouter\/|^switchpoint\/router$/, reason: 'a router, not a model' },
];

/** Individual entries left out, with the reason. */
export const EXCLUDED: Readonly<Record<string, string>> = Object.freeze({
  'anthropic:claude-4-opus-20250514': "LiteLLM-only spelling; Anthropic's id is claude-opus-4-20250514",
  'anthropic:claude-4-sonnet-20250514': "LiteLLM-only spelling; Anthropic's id is claude-sonnet-4-20250514",
  'deepseek:deepseek-coder': 'not an id of the DeepSeek API (merged into deepseek-chat in 2024)',
  'deepseek:deepseek-r1': 'LiteLLM alias; the DeepSeek API serves R1 as deepseek-reasoner',
  'deepseek:deepseek-v3': 'LiteLLM alias; the DeepSeek API serves V3 as deepseek-chat',
  'deepseek:deepseek-v3.2': 'LiteLLM alias; the DeepSeek API serves V3.2 as deepseek-chat/deepseek-reasoner',
  'gemini:gemini-flash-latest': 'moving alias across generations; its cache price (0.075) disagrees with gemini-2.5-flash (0.03)',
  'gemini:gemini-flash-lite-latest': 'moving alias across generations; prices disagree with the concrete model',
  'gemini:gemini-pro-latest': 'moving alias across generations',
  'gemini:gemini-gemma-2-27b-it': 'legacy LiteLLM name, not a Gemini API model id',
  'gemini:gemini-gemma-2-9b-it': 'legacy LiteLLM name, not a Gemini API model id',
  'groq:gemma-7b-it': 'decommissioned by Groq',
  'mistral:codestral-latest': "stale: carries Codestral 2405's price and 32k context; codestral-2508 is listed instead",
  'mistral:mistral-medium': 'legacy Mistral Medium (2023) price and 32k context; mistral-medium-latest is current',
  'mistral:mistral-small': 'legacy price and 32k context; mistral-small-latest is current',
  'mistral:mistral-large-3': 'same model and price as mistral-large-latest',
  'mistral:mistral-medium-3-1-2508': 'same model and price as mistral-medium-2508 (superseded by mistral-medium-latest)',
  'mistral:mistral-medium-3-5': 'same model and price as mistral-medium-latest',
  'mistral:mistral-small-3-2-2506': 'same model and price as mistral-small-latest',
  'mistral:magistral-medium-1-2-2509': 'same model and price as magistral-medium-latest',
  'mistral:magistral-small-1-2-2509': 'same model and price as magistral-small-latest',
  'openai:gpt-5-chat': "Azure deployment name; OpenAI's API id is gpt-5-chat-latest",
  'together:Qwen/Qwen3-235B-A22B-Instruct-2507-tput': 'output price 6.0 looks like a typo (0.6?); left out rather than guessed',
});

export interface Correction {
  max_output?: number;
  reasoning?: boolean;
  /** Why, with the source; repeated in data/CATALOG.md. */
  note: string;
}

/** Facts the snapshot gets wrong, corrected from the provider's own documentation. */
export const CORRECTIONS: Readonly<Record<string, Correction>> = Object.freeze({
  'deepseek:deepseek-v4-flash': {
    max_output: 384000,
    reasoning: true,
    note: 'api-docs.deepseek.com/quick_start/pricing: max output 384K, thinking mode; LiteLLM PR #31018',
  },
  'deepseek:deepseek-v4-pro': {
    max_output: 384000,
    reasoning: true,
    note: 'api-docs.deepseek.com/quick_start/pricing: max output 384K, thinking mode; LiteLLM PR #31018',
  },
});

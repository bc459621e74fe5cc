/**
 * With no config file, providers come from the API keys found in the environment; with none at all the
 * gateway runs in sandbox mode, where the in-process emulator stands in for every provider.
 */
export const ENV_PROVIDER_KEYS: readonly (readonly [envVar: string, preset: string])[] = [
  ['DEEPSEEK_API_KEY', 'deepseek'],
  ['MOONSHOT_API_KEY', 'moonshot'],
  ['MINIMAX_API_KEY', 'minimax'],
  ['ZAI_API_KEY', 'zai'],
  ['DASHSCOPE_API_KEY', 'dashscope'],
  ['ANTHROPIC_API_KEY', 'anthropic'],
  ['OPENAI_API_KEY', 'openai'],
  ['GEMINI_API_KEY', 'gemini'],
  ['GROQ_API_KEY', 'groq'],
  ['TOGETHER_API_KEY', 'together'],
  ['OPENROUTER_API_KEY', 'openrouter'],
];

/** Presets the sandbox emulates; each gets the emulator's path for its quirks. */
export const SANDBOX_PRESETS: readonly string[] = [
  'deepseek', 'moonshot', 'minimax', 'zai', 'dashscope', 'anthropic', 'openai', 'gemini', 'groq', 'together', 'mistral', 'openrouter',
];

/** The raw (YAML-shaped) provider section built from the environment; empty means sandbox. */
export function providersFromEnv(env: NodeJS.ProcessEnv): Record<string, { preset: string; api_key: string }> {
  const out: Record<string, { preset: string; api_key: string }> = {};
  for (const [envVar, preset] of ENV_PROVIDER_KEYS) {
    const key = env[envVar];
    if (key) out[preset] = { preset, api_key: key };
  }
  return out;
}

/** A base URL placeholder replaced by the emulator's address once it listens. */
export const SANDBOX_URL = 'http://sandbox.switchyard.invalid';

export function sandboxBaseUrl(emulatorUrl: string, preset: string): string {
  return preset === 'anthropic' ? `${emulatorUrl}/anthropic` : `${emulatorUrl}/${preset}/v1`;
}

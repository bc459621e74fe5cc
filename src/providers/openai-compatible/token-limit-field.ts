/** Which request field carries the output limit for this upstream and model. */
import type { ProviderQuirks } from '../presets/types.js';

/** OpenAI reasoning models (o1, o3, o4-mini, gpt-5, ...) reject `max_tokens`. */
const OPENAI_REASONING_MODEL = /^(?:openai\/)?(?:o\d|gpt-5)/i;

export function tokenLimitField(mode: ProviderQuirks['tokenLimitField'], model: string): 'max_tokens' | 'max_completion_tokens' {
  if (mode === 'max_completion_tokens') return mode;
  if (mode === 'by-model' && OPENAI_REASONING_MODEL.test(model)) return 'max_completion_tokens';
  return 'max_tokens';
}

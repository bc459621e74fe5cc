/** Static model listings for `GET …/v1/models`, in OpenAI (and OpenRouter) or Anthropic format. */
import type { PresetName } from './presets.js';

const MODELS: Record<PresetName, string[]> = {
  openai: ['gpt-4o-mini', 'gpt-4.1', 'o3-mini-reasoner'],
  deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  moonshot: ['kimi-k2-0905-preview', 'kimi-k2-thinking'],
  minimax: ['MiniMax-M2', 'MiniMax-M2-thinking'],
  zai: ['glm-4.6', 'glm-4.5-air'],
  dashscope: ['qwen-plus', 'qwen3-max', 'qwq-plus-thinking'],
  gemini: ['gemini-2.5-flash', 'gemini-2.5-pro-thinking'],
  groq: ['llama-3.3-70b-versatile', 'deepseek-r1-distill-llama-70b'],
  together: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-R1'],
  openrouter: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'deepseek/deepseek-r1'],
  ollama: ['llama3.2', 'qwen3:8b'],
  vllm: ['Qwen/Qwen2.5-7B-Instruct'],
  mistral: ['mistral-small-latest', 'mistral-large-latest'],
};

const ANTHROPIC_MODELS = ['claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
const CREATED = 1_735_689_600; // 2025-01-01, fixed so listings are deterministic

export function openaiModelList(preset: PresetName): string {
  const data = MODELS[preset].map((id) =>
    preset === 'openrouter'
      ? {
          id,
          name: id,
          created: CREATED,
          context_length: 128_000,
          architecture: { input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'Other', instruct_type: null },
          pricing: { prompt: '0.000001', completion: '0.000002', request: '0', image: '0', input_cache_read: '0.0000001' },
          top_provider: { context_length: 128_000, max_completion_tokens: 16_384, is_moderated: false },
          supported_parameters: ['tools', 'tool_choice', 'response_format', 'max_tokens', 'temperature'],
        }
      : { id, object: 'model', created: CREATED, owned_by: preset },
  );
  return JSON.stringify(preset === 'openrouter' ? { data } : { object: 'list', data });
}

export function anthropicModelList(): string {
  const data = ANTHROPIC_MODELS.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
  return JSON.stringify({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
}

/** Every built-in provider preset, by name. */
import { anthropic } from './anthropic.js';
import { dashscopeAnthropic } from './dashscope-anthropic.js';
import { dashscopeCn } from './dashscope-cn.js';
import { dashscope } from './dashscope.js';
import { deepseekAnthropic } from './deepseek-anthropic.js';
import { deepseek } from './deepseek.js';
import { gemini } from './gemini.js';
import { groq } from './groq.js';
import { minimaxAnthropic } from './minimax-anthropic.js';
import { minimaxCn } from './minimax-cn.js';
import { minimax } from './minimax.js';
import { mistral } from './mistral.js';
import { moonshotAnthropic } from './moonshot-anthropic.js';
import { moonshotCn } from './moonshot-cn.js';
import { moonshot } from './moonshot.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { openrouter } from './openrouter.js';
import { together } from './together.js';
import type { ProviderPreset } from './types.js';
import { vllm } from './vllm.js';
import { zaiAnthropic } from './zai-anthropic.js';
import { zaiCn } from './zai-cn.js';
import { zai } from './zai.js';

const ALL: readonly ProviderPreset[] = [
  deepseek, moonshot, moonshotCn, minimax, minimaxCn, zai, zaiCn, dashscope, dashscopeCn,
  openai, gemini, groq, together, openrouter, ollama, vllm, mistral,
  anthropic, deepseekAnthropic, moonshotAnthropic, minimaxAnthropic, zaiAnthropic, dashscopeAnthropic,
];

export const PRESETS: Readonly<Record<string, ProviderPreset>> = Object.freeze(
  Object.fromEntries(ALL.map((preset) => [preset.name, Object.freeze(preset)])),
);

/** The preset of that name, or undefined (the config layer reports unknown names with their path). */
export function presetFor(name: string): ProviderPreset | undefined {
  return Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
}

export { applyPreset, type ProviderOverrides } from './apply-preset.js';
export type { ProviderPreset, ProviderQuirks } from './types.js';

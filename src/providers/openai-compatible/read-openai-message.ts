/** Readers shared by the response parser and the stream decoder for the fields upstreams spell differently. */
import { asString, isRecord } from '../../convert/json.js';

/**
 * `content` is a string or null almost everywhere; Mistral's reasoning models send an array of
 * `{type:"text"}` and `{type:"thinking", thinking:[{type:"text"}]}` chunks instead.
 */
export function readContent(content: unknown): { text: string | undefined; reasoning: string } {
  if (typeof content === 'string') return { text: content, reasoning: '' };
  if (!Array.isArray(content)) return { text: undefined, reasoning: '' };
  let text: string | undefined;
  let reasoning = '';
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') text = (text ?? '') + part.text;
    else if (part.type === 'thinking') reasoning += thinkingText(part.thinking);
  }
  return { text, reasoning };
}

function thinkingText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  let out = '';
  for (const item of value) if (isRecord(item) && typeof item.text === 'string') out += item.text;
  return out;
}

/**
 * Reasoning text: `reasoning_content` (DeepSeek, Moonshot, Qwen, GLM, vLLM), `reasoning` (OpenRouter, Ollama,
 * Groq, newer vLLM), or `reasoning_details` text items (MiniMax with reasoning_split, OpenRouter). The
 * first present wins: OpenRouter sends `reasoning` and `reasoning_details` with the same text.
 */
export function readReasoning(source: Record<string, unknown>): string {
  const direct = asString(source.reasoning_content) ?? asString(source.reasoning);
  if (direct !== undefined) return direct;
  const details = source.reasoning_details;
  if (!Array.isArray(details)) return '';
  let out = '';
  for (const item of details) {
    if (!isRecord(item)) continue;
    out += asString(item.text) ?? asString(item.summary) ?? '';
  }
  return out;
}

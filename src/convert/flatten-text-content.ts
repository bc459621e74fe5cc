/**
 * Text-only content arrays -> one string, for OpenAI-protocol upstreams that accept only string content:
 * DeepSeek answers an array with 422 "invalid type: sequence, expected a string", some Qwen deployments with
 * "Input should be a valid string". Anthropic clients (Claude Code) send every content as blocks, so the
 * OpenAI-compatible adapter should apply this (after dropping `cache_control`, which has no meaning there)
 * for such upstreams. Arrays holding an image are left alone: they cannot be a string.
 */
import type { ContentPart } from '../spec/chat.js';

/** Separate blocks are separate paragraphs (a system reminder, then the user's words). */
export const TEXT_BLOCK_SEPARATOR = '\n\n';

export function flattenTextContent<T extends string | readonly ContentPart[] | null>(content: T): T | string {
  if (content === null || typeof content === 'string') return content;
  let text = '';
  for (let i = 0; i < content.length; i++) {
    const part = content[i]!;
    if (part.type !== 'text') return content;
    text += i === 0 ? part.text : TEXT_BLOCK_SEPARATOR + part.text;
  }
  return text;
}

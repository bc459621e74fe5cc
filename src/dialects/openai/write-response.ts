/** Canonical ChatResponse -> an OpenAI `chat.completion` JSON body. */
import type { ChatResponse } from '../../spec/chat.js';
import { toOpenAIUsage } from './usage.js';

export function openAIResponseBody(res: ChatResponse, model: string, costUsd: number): string {
  const message: Record<string, unknown> = { role: 'assistant', content: res.message.content, refusal: res.message.refusal ?? null };
  if (res.message.tool_calls?.length) message.tool_calls = res.message.tool_calls;
  if (res.message.reasoning_content) message.reasoning_content = res.message.reasoning_content;
  if (res.message.thinking_blocks?.length) message.thinking_blocks = res.message.thinking_blocks;
  const body: Record<string, unknown> = {
    id: res.id,
    object: 'chat.completion',
    created: res.created,
    model,
    choices: [{ index: 0, message, finish_reason: res.finishReason, logprobs: res.logprobs ?? null }],
    usage: toOpenAIUsage(res.usage, costUsd),
  };
  if (res.systemFingerprint) body.system_fingerprint = res.systemFingerprint;
  return JSON.stringify(body);
}

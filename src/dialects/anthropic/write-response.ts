/** Canonical ChatResponse -> an Anthropic `message` JSON body. */
import { convertToAnthropicMessage } from '../../convert/openai-to-anthropic-response.js';
import type { ChatResponse } from '../../spec/chat.js';

/** `costUsd` is sent in the `x-switchyard-cost-usd` header; Anthropic's body has no place for it. */
export function anthropicResponseBody(res: ChatResponse, model: string, _costUsd: number): string {
  return JSON.stringify(convertToAnthropicMessage(res, { model }));
}

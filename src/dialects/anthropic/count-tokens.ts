/**
 * `POST /v1/messages/count_tokens`: the body is validated like a Messages request (without `max_tokens`),
 * converted, and its input tokens estimated with the gateway's estimator (the same one that checks context
 * windows and reserves budgets). It is an estimate, not the upstream's tokenizer: it leans high (~4
 * characters per token for ASCII, more for other scripts, a fixed cost per image).
 */
import { estimateRequestTokens } from '../../metering/estimate.js';
import type { ChatRequest } from '../../spec/chat.js';
import { parseAnthropicRequest } from './parse-request.js';

export function parseCountTokensRequest(body: unknown): ChatRequest {
  return parseAnthropicRequest(body, { countTokens: true });
}

export function countTokensBody(request: ChatRequest): string {
  return JSON.stringify({ input_tokens: estimateRequestTokens(request) });
}

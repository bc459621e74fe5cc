/** What a request needs from a model: size, tools, vision, JSON mode. One pass over the request. */
import { estimateRequestTokens, requestedMaxOutputTokens } from '../../metering/estimate.js';
import type { ChatRequest } from '../../spec/chat.js';
import type { Requirements } from './types.js';

const cache = new WeakMap<ChatRequest, Requirements>();

/** Image parts in the request's messages (the vision constraint; the ledger's routing inputs count them). */
export function imageCount(request: ChatRequest): number {
  let n = 0;
  for (const m of request.messages) if (Array.isArray(m.content)) for (const part of m.content) if (part.type === 'image_url') n++;
  return n;
}

/**
 * The requirements of `request`. `inputTokens` overrides the estimate (the simulator passes observed
 * usage); without it the estimate is computed once per request object and cached.
 */
export function requirementsOf(request: ChatRequest, inputTokens?: number): Requirements {
  if (inputTokens === undefined) {
    const hit = cache.get(request);
    if (hit) return hit;
  }
  const format = request.response_format?.type;
  const req: Requirements = {
    inputTokens: inputTokens ?? estimateRequestTokens(request),
    tools: (request.tools?.length ?? 0) > 0 && request.tool_choice !== 'none',
    vision: imageCount(request) > 0,
    json: format === 'json_object' || format === 'json_schema',
  };
  const maxOutput = requestedMaxOutputTokens(request);
  if (maxOutput !== undefined) req.maxOutput = maxOutput;
  if (inputTokens === undefined) cache.set(request, req);
  return req;
}

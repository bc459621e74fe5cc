/**
 * The canonical `thinking` extension is Anthropic-shaped; OpenAI-protocol upstreams that can think have
 * their own switches. Maps it per quirk, and never overwrites a native parameter the client set itself.
 */
import type { ChatRequest } from '../../spec/chat.js';
import type { JsonRecord } from '../../convert/json.js';
import type { ProviderQuirks } from '../presets/types.js';

export function applyThinkingParam(body: JsonRecord, thinking: ChatRequest['thinking'], mode: ProviderQuirks['thinking']): void {
  body.thinking = undefined;
  if (!thinking) return;
  const enabled = thinking.type === 'enabled';
  switch (mode) {
    case 'type-only':
      body.thinking = { type: thinking.type };
      break;
    case 'enable-thinking':
      if (body.enable_thinking === undefined) body.enable_thinking = enabled;
      if (enabled && thinking.budget_tokens > 0 && body.thinking_budget === undefined) body.thinking_budget = thinking.budget_tokens;
      break;
    case 'openrouter-reasoning':
      if (body.reasoning === undefined) body.reasoning = enabled ? { max_tokens: thinking.budget_tokens } : { enabled: false };
      break;
    default:
      break;
  }
}

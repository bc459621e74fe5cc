/** OpenAI `tool_choice` + `parallel_tool_calls` <-> Anthropic `tool_choice`, both directions. */
import type { ToolChoice } from '../spec/chat.js';
import type { AnthropicToolChoice } from './anthropic-types.js';

export function toAnthropicToolChoice(
  choice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolChoice | undefined {
  const disable = parallelToolCalls === false ? { disable_parallel_tool_use: true } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...disable };
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...disable };
  // 'auto' or absent: only send a choice when it carries information.
  if (choice === 'auto' || disable) return { type: 'auto', ...disable };
  return undefined;
}

/** For reading Anthropic requests into canonical ones (the Anthropic front door). */
export function fromAnthropicToolChoice(choice: AnthropicToolChoice | undefined): {
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
} {
  if (!choice) return {};
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case 'none':
      return { tool_choice: 'none' };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'tool':
      return { tool_choice: { type: 'function', function: { name: choice.name } }, ...parallel };
    default:
      return { tool_choice: 'auto', ...parallel };
  }
}

/**
 * Anthropic Messages request -> canonical (OpenAI-shaped) chat request. The reverse of
 * openai-to-anthropic-request.ts, used by the Anthropic front door on bodies it has validated.
 *
 * Every Anthropic field with a canonical home is kept, so the Anthropic upstream adapter can rebuild the
 * request: `cache_control` on blocks and tools, signed thinking blocks, `tool_use` ids, images,
 * `stop_sequences` (-> `stop`), `metadata.user_id` (-> `user`), `thinking`, `top_k`, and
 * `tool_choice.disable_parallel_tool_use` (-> `parallel_tool_calls: false`).
 */
import type { ChatRequest, ToolDefinition } from '../spec/chat.js';
import type { AnthropicRequestBody, AnthropicTool } from './anthropic-types.js';
import { convertFromAnthropicMessages } from './convert-from-anthropic-messages.js';
import { fromAnthropicToolChoice } from './map-openai-tool-choice.js';

export function convertAnthropicToOpenAIRequest(body: AnthropicRequestBody): ChatRequest {
  const request: ChatRequest = { model: body.model, messages: convertFromAnthropicMessages(body.system, body.messages) };
  if (body.max_tokens !== undefined) request.max_tokens = body.max_tokens;
  if (body.stream !== undefined) request.stream = body.stream;
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.top_p = body.top_p;
  if (body.top_k !== undefined) request.top_k = body.top_k;
  if (body.stop_sequences && body.stop_sequences.length > 0) request.stop = [...body.stop_sequences];
  if (body.tools && body.tools.length > 0) {
    request.tools = body.tools.map(fromAnthropicTool);
    // Without tools a tool_choice means nothing, and OpenAI-protocol upstreams reject it.
    Object.assign(request, fromAnthropicToolChoice(body.tool_choice));
  }
  const user = body.metadata?.user_id;
  if (typeof user === 'string' && user !== '') request.user = user;
  if (body.thinking) request.thinking = body.thinking.type === 'enabled' ? { type: 'enabled', budget_tokens: body.thinking.budget_tokens } : { type: 'disabled' };
  return request;
}

function fromAnthropicTool(tool: AnthropicTool): ToolDefinition {
  const out: ToolDefinition = { type: 'function', function: { name: tool.name, parameters: tool.input_schema } };
  if (tool.description !== undefined) out.function.description = tool.description;
  if (tool.cache_control) out.cache_control = tool.cache_control.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: tool.cache_control.ttl };
  return out;
}

/** OpenAI-protocol `finish_reason` (with each upstream's extra values) -> canonical finish reason. */
import type { FinishReason } from '../../spec/chat.js';

export function mapOpenAIFinishReason(reason: unknown, sawToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'length':
    case 'max_tokens':
    case 'model_length':
    case 'insufficient_system_resource': // DeepSeek: generation was cut short
      return 'length';
    case 'content_filter':
    case 'sensitive': // Zhipu
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    default:
      // Gemini (and some local servers) report "stop" after tool calls; clients loop on "tool_calls".
      return sawToolCalls ? 'tool_calls' : 'stop';
  }
}

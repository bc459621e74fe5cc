/** Anthropic `stop_reason` <-> canonical (OpenAI-vocabulary) finish reason, both directions. */
import type { FinishReason } from '../spec/chat.js';
import type { AnthropicStopReason } from './anthropic-types.js';

export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    // end_turn, stop_sequence, and pause_turn (a server tool paused a long turn: the client may resume,
    // but for an OpenAI client the turn simply ended).
    default:
      return 'stop';
  }
}

/** For writing Anthropic responses from canonical ones (the Anthropic front door). */
export function toAnthropicStopReason(reason: FinishReason, stopSequence?: string | null): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return stopSequence ? 'stop_sequence' : 'end_turn';
  }
}

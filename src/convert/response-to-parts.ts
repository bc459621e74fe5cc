/**
 * A complete canonical answer as canonical stream parts: for a buffered (cascade-validated) answer sent
 * to a streaming client, and for an upstream that ignored `stream` and sent one JSON answer.
 */
import type { ChatResponse, StreamPart } from '../spec/chat.js';

export async function* responseToParts(r: ChatResponse): AsyncGenerator<StreamPart> {
  yield { type: 'start', id: r.id, model: r.model, created: r.created };
  if (r.message.reasoning_content) yield { type: 'reasoning', text: r.message.reasoning_content };
  if (r.message.content) yield { type: 'text', text: r.message.content };
  for (const [index, call] of (r.message.tool_calls ?? []).entries()) {
    yield { type: 'tool-call-start', index, id: call.id, name: call.function.name };
    yield { type: 'tool-call-delta', index, arguments: call.function.arguments };
  }
  if (r.logprobs !== undefined) yield { type: 'logprobs', logprobs: r.logprobs };
  yield { type: 'finish', reason: r.finishReason, stopSequence: r.stopSequence ?? null };
  // without reported usage the stream's reader estimates it from what was streamed
  if (!r.usageEstimated) yield { type: 'usage', usage: r.usage };
  yield { type: 'end' };
}

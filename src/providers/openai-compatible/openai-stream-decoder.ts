/**
 * OpenAI-protocol SSE stream -> canonical `StreamPart`s. One decoder per response.
 *
 * - `start` on the first chunk; `end` on `data: [DONE]`.
 * - Text from `delta.content`; reasoning from `reasoning_content` / `reasoning` / `reasoning_details`, or
 *   from inline `<think>` tags when the quirk says so.
 * - Usage from `chunk.usage`, `chunk.choices[0].usage` (Moonshot) or `chunk.x_groq.usage` (Groq). Several
 *   chunks may carry it (Gemini sends running totals): each is the latest cumulative value and is emitted
 *   when it changes; consumers keep the last.
 * - Only `choices[0]` is read (`n > 1` streams are not supported).
 * - An `{error:{...}}` chunk (OpenRouter, vLLM, DashScope mid-stream failures) -> an `error` part.
 * - Invalid JSON throws an `invalid_response` ProviderError: the stream cannot be trusted past that point.
 */
import type { StreamPart, Usage } from '../../spec/chat.js';
import type { SseEvent, StreamDecoder } from '../../spec/provider.js';
import { asNumber, asString, isRecord, type JsonRecord } from '../../convert/json.js';
import { classifyUpstreamError } from '../classify-upstream-error.js';
import { normalizeOpenAIUsage } from '../normalize-openai-usage.js';
import { extractErrorFacts } from '../parse-upstream-error.js';
import type { ProviderQuirks } from '../presets/types.js';
import { invalidResponse } from '../provider-error.js';
import { redactSecrets } from '../redact-secrets.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { readContent, readReasoning } from './read-openai-message.js';
import { createThinkTagSplitter, type ThinkTagSplitter } from './think-tag-splitter.js';
import { ToolCallTracker } from './tool-call-tracker.js';

export function createOpenAIStreamDecoder(quirks: ProviderQuirks, now: () => number = () => Math.floor(Date.now() / 1000)): StreamDecoder {
  let started = false;
  let finished = false;
  let lastUsage = '';
  const tools = new ToolCallTracker();
  const splitter: ThinkTagSplitter | undefined = quirks.inlineThinkTags ? createThinkTagSplitter() : undefined;

  const emitText = (text: string, emit: (part: StreamPart) => void): void => {
    if (text === '') return;
    if (splitter) splitter.push(text, (kind, piece) => emit(kind === 'text' ? { type: 'text', text: piece } : { type: 'reasoning', text: piece }));
    else emit({ type: 'text', text });
  };
  const flushText = (emit: (part: StreamPart) => void): void => {
    splitter?.flush((kind, piece) => emit(kind === 'text' ? { type: 'text', text: piece } : { type: 'reasoning', text: piece }));
  };
  const emitUsage = (usage: Usage | undefined, emit: (part: StreamPart) => void): void => {
    if (!usage) return;
    const key = `${usage.input}/${usage.cacheRead}/${usage.cacheWrite}/${usage.output}/${usage.reasoning}`;
    if (key === lastUsage) return;
    lastUsage = key;
    emit({ type: 'usage', usage });
  };

  return {
    push(event: SseEvent, emit) {
      const data = event.data.trim();
      if (data === '') return;
      if (data === '[DONE]') {
        flushText(emit);
        emit({ type: 'end' });
        return;
      }

      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch (cause) {
        throw invalidResponse(`Upstream sent a stream chunk that is not JSON: ${redactSecrets(data.slice(0, 200))}`, cause);
      }
      if (!isRecord(chunk)) throw invalidResponse('Upstream sent a stream chunk that is not a JSON object');

      if (event.event === 'error' || chunk.error !== undefined) {
        flushText(emit);
        const facts = extractErrorFacts(chunk.error !== undefined ? chunk : { error: chunk });
        emit({ type: 'error', message: redactSecrets(facts.message ?? 'Upstream reported an error mid-stream'), kind: classifyUpstreamError(facts) });
        return;
      }

      if (!started) {
        started = true;
        emit({ type: 'start', id: asString(chunk.id) ?? '', model: asString(chunk.model) ?? '', created: asNumber(chunk.created) ?? now() });
      }

      const choice = Array.isArray(chunk.choices) && isRecord(chunk.choices[0]) ? chunk.choices[0] : undefined;
      if (choice) {
        const delta: JsonRecord = isRecord(choice.delta) ? choice.delta : {};
        const reasoning = readReasoning(delta);
        if (reasoning) emit({ type: 'reasoning', text: reasoning });
        const content = readContent(delta.content);
        if (content.reasoning) emit({ type: 'reasoning', text: content.reasoning });
        if (content.text) emitText(content.text, emit);
        // A refusal has no canonical stream part; showing it as text beats dropping it.
        const refusal = asString(delta.refusal);
        if (refusal) emitText(refusal, emit);
        if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) tools.push(call, emit);
        if (choice.logprobs !== undefined && choice.logprobs !== null) emit({ type: 'logprobs', logprobs: choice.logprobs });

        const reason = choice.finish_reason;
        if (reason !== null && reason !== undefined && !finished) {
          finished = true;
          flushText(emit);
          emit({ type: 'finish', reason: mapOpenAIFinishReason(reason, tools.seen) });
        }
      }

      emitUsage(normalizeOpenAIUsage(chunk.usage ?? choice?.usage ?? (isRecord(chunk.x_groq) ? chunk.x_groq.usage : undefined)), emit);
    },
  };
}

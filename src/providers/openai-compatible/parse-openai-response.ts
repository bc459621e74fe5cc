/** Non-streaming OpenAI-protocol response body -> canonical `ChatResponse`. */
import type { ChatResponse, ToolCall } from '../../spec/chat.js';
import { asNumber, asString, isRecord } from '../../convert/json.js';
import { normalizeOpenAIUsage } from '../normalize-openai-usage.js';
import type { ProviderQuirks } from '../presets/types.js';
import { invalidResponse } from '../provider-error.js';
import { embeddedError } from './embedded-error.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { readContent, readReasoning } from './read-openai-message.js';
import { splitThinkTags } from './think-tag-splitter.js';
import { syntheticToolCallIds } from './synthetic-tool-call-id.js';

export function parseOpenAIResponse(body: unknown, quirks: ProviderQuirks, now: () => number = nowSeconds): ChatResponse {
  if (!isRecord(body)) throw invalidResponse('Upstream response is not a JSON object');
  const error = embeddedError(body);
  if (error) throw error;
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) throw invalidResponse('Upstream response has no choices[0].message');
  const message = choice.message;

  const content = readContent(message.content);
  let text = content.text;
  let reasoning = readReasoning(message) + content.reasoning;
  if (quirks.inlineThinkTags && text) {
    const split = splitThinkTags(text);
    text = split.text;
    reasoning += split.reasoning;
  }

  const toolCalls = readToolCalls(message.tool_calls);
  const usage = normalizeOpenAIUsage(body.usage ?? choice.usage ?? (isRecord(body.x_groq) ? body.x_groq.usage : undefined));

  const response: ChatResponse = {
    id: asString(body.id) ?? '',
    model: asString(body.model) ?? '',
    created: asNumber(body.created) ?? now(),
    message: { role: 'assistant', content: text ?? null },
    finishReason: mapOpenAIFinishReason(choice.finish_reason, toolCalls.length > 0),
    usage: usage ?? { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 },
  };
  // Signals metering to estimate: the upstream reported nothing.
  if (!usage) response.usageEstimated = true;
  if (toolCalls.length > 0) response.message.tool_calls = toolCalls;
  if (reasoning) response.message.reasoning_content = reasoning;
  const refusal = asString(message.refusal);
  if (refusal) response.message.refusal = refusal;
  if (choice.logprobs !== undefined && choice.logprobs !== null) response.logprobs = choice.logprobs;
  const fingerprint = asString(body.system_fingerprint);
  if (fingerprint) response.systemFingerprint = fingerprint;
  return response;
}

function readToolCalls(raw: unknown): ToolCall[] {
  if (!Array.isArray(raw)) return [];
  const calls: ToolCall[] = [];
  const newId = syntheticToolCallIds();
  raw.forEach((item, i) => {
    if (!isRecord(item) || !isRecord(item.function)) return;
    const name = asString(item.function.name);
    if (!name) return;
    const args = item.function.arguments;
    calls.push({
      id: asString(item.id) || newId(i),
      type: 'function',
      // Some servers send arguments as an object rather than JSON text.
      function: { name, arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args) },
    });
  });
  return calls;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Renders a Plan as an OpenAI Chat Completions response (JSON or SSE chunks), applying the preset's
 * usage quirks. Chunks are built by string concatenation around a shared prefix: this is the
 * benchmark's hot path and JSON.stringify of a whole chunk object per token would dominate it.
 */
import type { Frame, ReplyMeta } from './frame.js';
import type { Plan, PlanFinish, PlanUsage } from './plan.js';
import { emulatedCostUsd, type Preset } from './presets.js';

const J = JSON.stringify;

function finishReason(f: PlanFinish): string {
  return f === 'stop_sequence' ? 'stop' : f;
}

export function openaiUsage(preset: Preset, u: PlanUsage, output = u.output, reasoning = u.reasoning): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: u.prompt,
    completion_tokens: output,
    total_tokens: u.prompt + output,
  };
  if (preset.topLevelCachedTokens) usage.cached_tokens = u.cacheRead;
  else usage.prompt_tokens_details = { cached_tokens: u.cacheRead };
  usage.completion_tokens_details = { reasoning_tokens: reasoning };
  if (preset.cacheHitMissFields) {
    usage.prompt_cache_hit_tokens = u.cacheRead;
    usage.prompt_cache_miss_tokens = u.prompt - u.cacheRead;
  }
  if (preset.cost) {
    usage.cost = emulatedCostUsd(u.prompt, u.cacheRead, output);
    usage.is_byok = false;
  }
  return usage;
}

function messageContent(plan: Plan, preset: Preset): string | null {
  const text = plan.content.join('');
  if (preset.inlineThink && plan.reasoning.length > 0) return `<think>\n${plan.reasoning.join('')}\n</think>\n\n${text}`;
  if (plan.toolCalls.length > 0 && text === '') return null;
  return text;
}

export function openaiJson(plan: Plan, meta: ReplyMeta, preset: Preset): string {
  const message: Record<string, unknown> = { role: 'assistant', content: messageContent(plan, preset) };
  if (plan.reasoning.length > 0 && !preset.inlineThink) message.reasoning_content = plan.reasoning.join('');
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((tc) => ({
      id: 'call_' + tc.idSuffix,
      type: 'function',
      function: { name: tc.name, arguments: tc.arguments },
    }));
  }
  message.refusal = null;
  const body: Record<string, unknown> = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan.finish) }],
    usage: openaiUsage(preset, plan.usage),
    system_fingerprint: 'fp_emulator',
  };
  if (preset.cost) body.provider = 'Emulator';
  return J(body);
}

export function openaiFrames(plan: Plan, meta: ReplyMeta, preset: Preset, includeUsage: boolean): Frame[] {
  const head = `data: {"id":${J(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${J(meta.model)},"system_fingerprint":"fp_emulator","choices":[{"index":0,"delta":`;
  const placement = preset.streamUsagePlacement;
  const wantUsage = includeUsage || preset.streamUsage === 'always';
  const usageChunk = wantUsage && placement === 'final-chunk';
  const running = wantUsage && placement === 'running';
  const constTail = `,"logprobs":null,"finish_reason":null}]${usageChunk ? ',"usage":null' : ''}}\n\n`;
  const u = plan.usage;
  let emitted = 0;
  let emittedReasoning = 0;
  const frames: Frame[] = [];
  const push = (delta: string, tokens: number, reasoningTokens = 0): void => {
    emitted += tokens;
    emittedReasoning += reasoningTokens;
    const tail = running
      ? `,"logprobs":null,"finish_reason":null}],"usage":${J(openaiUsage(preset, u, emitted, emittedReasoning))}}\n\n`
      : constTail;
    frames.push({ text: head + delta + tail, tokens });
  };

  if (preset.sseComment) frames.push({ text: preset.sseComment, tokens: 0 });
  push('{"role":"assistant","content":""}', 0);
  if (plan.reasoning.length > 0) {
    if (preset.inlineThink) {
      push('{"content":"<think>\\n"}', 0);
      for (const w of plan.reasoning) push(`{"content":${J(w)}}`, 1, 1);
      push('{"content":"\\n</think>\\n\\n"}', 0);
    } else {
      for (const w of plan.reasoning) push(`{"reasoning_content":${J(w)}}`, 1, 1);
    }
  }
  for (const w of plan.content) push(`{"content":${J(w)}}`, 1);
  plan.toolCalls.forEach((tc, i) => {
    push(`{"tool_calls":[{"index":${i},"id":"call_${tc.idSuffix}","type":"function","function":{"name":${J(tc.name)},"arguments":""}}]}`, 0);
    for (const p of tc.pieces) push(`{"tool_calls":[{"index":${i},"function":{"arguments":${J(p)}}}]}`, 1);
  });

  const usageJson = J(openaiUsage(preset, u));
  const xGroq = preset.xGroq ? `,"x_groq":{"id":${J('req_' + meta.id)},"usage":${usageJson}}` : '';
  const finish = J(finishReason(plan.finish));
  let finishChunk = `${head}{},"logprobs":null,"finish_reason":${finish}`;
  if (wantUsage && placement === 'in-choice') finishChunk += `,"usage":${usageJson}}]`;
  else finishChunk += '}]';
  if (running) finishChunk += `,"usage":${usageJson}`;
  else if (usageChunk) finishChunk += ',"usage":null';
  frames.push({ text: finishChunk + (usageChunk ? '' : xGroq) + '}\n\n', tokens: 0 });
  if (usageChunk) {
    frames.push({
      text: `data: {"id":${J(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${J(meta.model)},"system_fingerprint":"fp_emulator","choices":[],"usage":${usageJson}${xGroq}}\n\n`,
      tokens: 0,
    });
  }
  frames.push({ text: 'data: [DONE]\n\n', tokens: 0, terminal: true });
  return frames;
}

/** A `data:` line whose JSON is cut off, for the `malformed-chunk` fault. */
export function openaiMalformedFrame(meta: ReplyMeta): Frame {
  return { text: `data: {"id":${J(meta.id)},"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\n\n`, tokens: 0 };
}

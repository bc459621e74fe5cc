/** Renders a Plan as an Anthropic Messages response: a JSON message or the real SSE event sequence. */
import type { Frame, ReplyMeta } from './frame.js';
import { hashString } from './hash.js';
import type { Plan, PlanFinish } from './plan.js';

const J = JSON.stringify;

const STOP_REASON: Record<PlanFinish, string> = {
  stop: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

function usage(plan: Plan, output: number): Record<string, number> {
  const u = plan.usage;
  return {
    input_tokens: u.prompt - u.cacheRead - u.cacheWrite,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    output_tokens: output,
  };
}

/** A stable fake signature over the thinking text, so clients can round-trip it. */
function signature(plan: Plan): string {
  return Buffer.from(`emulator-signature:${plan.seed}:${hashString(plan.reasoning.join(''))}`).toString('base64');
}

function parseInput(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return {}; // arguments cut short by max_tokens
  }
}

function hasTextBlock(plan: Plan): boolean {
  return plan.content.length > 0 || (plan.reasoning.length === 0 && plan.toolCalls.length === 0);
}

export function anthropicJson(plan: Plan, meta: ReplyMeta): string {
  const content: unknown[] = [];
  if (plan.reasoning.length > 0) content.push({ type: 'thinking', thinking: plan.reasoning.join(''), signature: signature(plan) });
  if (hasTextBlock(plan)) content.push({ type: 'text', text: plan.content.join('') });
  for (const tc of plan.toolCalls) content.push({ type: 'tool_use', id: 'toolu_' + tc.idSuffix, name: tc.name, input: parseInput(tc.arguments) });
  return J({
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: STOP_REASON[plan.finish],
    stop_sequence: plan.stopSequence,
    usage: usage(plan, plan.usage.output),
  });
}

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

export function anthropicFrames(plan: Plan, meta: ReplyMeta): Frame[] {
  const frames: Frame[] = [];
  const message = { id: meta.id, type: 'message', role: 'assistant', model: meta.model, content: [], stop_reason: null, stop_sequence: null, usage: usage(plan, 1) };
  frames.push({ text: event('message_start', J({ type: 'message_start', message })), tokens: 0 });
  let index = 0;
  let pinged = false;
  const start = (block: string): void => {
    frames.push({ text: event('content_block_start', `{"type":"content_block_start","index":${index},"content_block":${block}}`), tokens: 0 });
    if (!pinged) {
      frames.push({ text: event('ping', '{"type":"ping"}'), tokens: 0 });
      pinged = true;
    }
  };
  const delta = (d: string, tokens: number): void => {
    frames.push({ text: event('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${d}}`), tokens });
  };
  const stop = (): void => {
    frames.push({ text: event('content_block_stop', `{"type":"content_block_stop","index":${index}}`), tokens: 0 });
    index++;
  };

  if (plan.reasoning.length > 0) {
    start('{"type":"thinking","thinking":"","signature":""}');
    for (const w of plan.reasoning) delta(`{"type":"thinking_delta","thinking":${J(w)}}`, 1);
    delta(`{"type":"signature_delta","signature":${J(signature(plan))}}`, 0);
    stop();
  }
  if (hasTextBlock(plan)) {
    start('{"type":"text","text":""}');
    for (const w of plan.content) delta(`{"type":"text_delta","text":${J(w)}}`, 1);
    stop();
  }
  for (const tc of plan.toolCalls) {
    start(`{"type":"tool_use","id":"toolu_${tc.idSuffix}","name":${J(tc.name)},"input":{}}`);
    delta('{"type":"input_json_delta","partial_json":""}', 0);
    for (const p of tc.pieces) delta(`{"type":"input_json_delta","partial_json":${J(p)}}`, 1);
    stop();
  }
  if (!pinged) frames.push({ text: event('ping', '{"type":"ping"}'), tokens: 0 });
  const md = { type: 'message_delta', delta: { stop_reason: STOP_REASON[plan.finish], stop_sequence: plan.stopSequence }, usage: usage(plan, plan.usage.output) };
  frames.push({ text: event('message_delta', J(md)), tokens: 0 });
  frames.push({ text: event('message_stop', '{"type":"message_stop"}'), tokens: 0, terminal: true });
  return frames;
}

/** A `data:` line whose JSON is cut off, for the `malformed-chunk` fault. */
export function anthropicMalformedFrame(): Frame {
  return { text: event('content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":'), tokens: 0 };
}

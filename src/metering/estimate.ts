/**
 * Fast input-token estimates, without a tokenizer. Routing uses them to check that a prompt fits a model's
 * context window and budgets use them to reserve a worst case before the upstream reports the truth, so
 * they must be cheap (one pass over the request, no JSON.stringify) and lean towards overestimating.
 *
 * Text costs ~4 characters per token for ASCII (the usual BPE ratio for English and code). Other scripts
 * tokenize far worse, and Chinese providers are first-class here, so a non-ASCII UTF-16 unit below U+3000
 * (Latin accents, Cyrillic, Greek, Arabic, ...) counts half a token and one from U+3000 up (CJK, kana,
 * Hangul, emoji halves) a whole token. Counting is done in quarter tokens so it stays integer.
 */
import type { ChatMessage, ChatRequest, ContentPart, TextPart, Usage } from '../spec/chat.js';

/** Priming of the reply and the request envelope. */
const REQUEST_OVERHEAD = 3;
/** Role markers and separators around every message (OpenAI documents 3, plus 1 for a name). */
const MESSAGE_OVERHEAD = 4;
/** A tool definition is rendered into the prompt with its own framing. */
const TOOL_OVERHEAD = 10;
/** Framing of one tool call in an assistant message (id, type, wrapper). */
const TOOL_CALL_OVERHEAD = 4;
/**
 * Images have a fixed cost: ~1,600 tokens is Anthropic's cost at its 1.15 megapixel cap and above OpenAI's
 * typical high-detail tile counts; `detail: low` is OpenAI's flat 85.
 */
const IMAGE_TOKENS = 1600;
const IMAGE_TOKENS_LOW = 85;
/** JSON Schemas are data, not adversarial input, but a cycle must not hang the estimator. */
const MAX_JSON_DEPTH = 64;

const NON_ASCII = /[^\x00-\x7f]/;

/** Text cost in quarter tokens. */
function textQuarters(s: string): number {
  if (!NON_ASCII.test(s)) return s.length; // fast path: native scan, 1 quarter per char
  let q = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    q += c < 0x80 ? 1 : c < 0x3000 ? 2 : 4;
  }
  return q;
}

/** Estimated tokens of a piece of text. */
export function estimateTextTokens(s: string): number {
  return Math.ceil(textQuarters(s) / 4);
}

/** JSON value cost in quarter tokens: keys and strings as text, one token of punctuation per entry. */
function jsonQuarters(value: unknown, depth: number): number {
  if (typeof value === 'string') return textQuarters(value) + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return 4;
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return 1;
  let q = 4;
  if (Array.isArray(value)) {
    for (const item of value) q += jsonQuarters(item, depth + 1) + 1;
    return q;
  }
  for (const key of Object.keys(value)) {
    q += textQuarters(key) + 4 + jsonQuarters((value as Record<string, unknown>)[key], depth + 1);
  }
  return q;
}

/** Accumulates quarter tokens of text and whole tokens of images. */
interface Tally {
  quarters: number;
  images: number;
}

function addContent(t: Tally, content: string | readonly (ContentPart | TextPart)[] | null | undefined): void {
  if (content == null) return;
  if (typeof content === 'string') {
    t.quarters += textQuarters(content);
    return;
  }
  for (const part of content) {
    if (part.type === 'text') t.quarters += textQuarters(part.text);
    // The URL (often a large base64 data URL) is not text the model reads: only the fixed image cost counts.
    else if (part.type === 'image_url') t.images += part.image_url.detail === 'low' ? IMAGE_TOKENS_LOW : IMAGE_TOKENS;
  }
}

function addMessage(t: Tally, m: ChatMessage): void {
  t.quarters += MESSAGE_OVERHEAD * 4;
  addContent(t, m.content);
  switch (m.role) {
    case 'assistant':
      if (m.name) t.quarters += textQuarters(m.name) + 4;
      for (const call of m.tool_calls ?? []) {
        t.quarters += TOOL_CALL_OVERHEAD * 4 + textQuarters(call.id) + textQuarters(call.function.name);
        t.quarters += textQuarters(call.function.arguments);
      }
      if (m.refusal) t.quarters += textQuarters(m.refusal);
      // Reasoning sent back may or may not be billed by the upstream; counting it errs on the safe side.
      if (m.reasoning_content) t.quarters += textQuarters(m.reasoning_content);
      for (const block of m.thinking_blocks ?? []) {
        if (block.thinking) t.quarters += textQuarters(block.thinking);
      }
      break;
    case 'tool':
      t.quarters += textQuarters(m.tool_call_id);
      break;
    default:
      if (m.name) t.quarters += textQuarters(m.name) + 4;
  }
}

/**
 * Estimated input tokens of a canonical request: messages, tool definitions and a JSON response schema
 * (all of which the upstream puts in the prompt), plus a fixed cost per image.
 */
export function estimateRequestTokens(request: ChatRequest): number {
  const t: Tally = { quarters: REQUEST_OVERHEAD * 4, images: 0 };
  for (const m of request.messages) addMessage(t, m);
  for (const tool of request.tools ?? []) {
    const f = tool.function;
    t.quarters += TOOL_OVERHEAD * 4 + textQuarters(f.name);
    if (f.description) t.quarters += textQuarters(f.description);
    if (f.parameters) t.quarters += jsonQuarters(f.parameters, 0);
  }
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    t.quarters += textQuarters(format.json_schema.name) + jsonQuarters(format.json_schema.schema ?? null, 0);
    if (format.json_schema.description) t.quarters += textQuarters(format.json_schema.description);
  }
  return Math.ceil(t.quarters / 4) + t.images;
}

/** The output cap the client asked for (`max_completion_tokens` wins, as in OpenAI's API), if any. */
export function requestedMaxOutputTokens(request: ChatRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens;
}

/**
 * Usage for an answer the upstream reported none for (or a call cut short): the request's input estimate
 * and the output's length at 4 characters a token.
 */
export function estimateUsage(inputEstimate: number, outChars: number): Usage {
  return { input: inputEstimate, cacheRead: 0, cacheWrite: 0, output: Math.ceil(outChars / 4), reasoning: 0 };
}

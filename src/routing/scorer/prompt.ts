/**
 * Turning chat messages into the bounded text the difficulty scorer reads.
 *
 * A router scores the request it is about to send, so the text that matters is the newest input turn:
 * the last user message, or in an agent loop the last tool result, plus as many earlier input turns as
 * fit a fixed character budget. Assistant turns and the system prompt only contribute counts (they are
 * mostly the model's own words and boilerplate instructions). Every step is bounded by `FOCUS_CAP`, so a
 * 100k-token request costs the same as an 8k-token one.
 */

/** One chat message as the scorer accepts it. `content` is a string or an array of parts. */
export interface ScorerMessage {
  role: string;
  content: unknown;
  /** OpenAI-style tool calls on an assistant message; only counted. */
  tool_calls?: unknown;
}

/** The bounded view of a request that the featuriser reads. */
export interface PromptView {
  /** Input turns (user / tool), oldest first, scaffolding stripped, at most `FOCUS_CAP` characters. */
  focus: string;
  /** Characters of all input turns (uncapped), minus the benchmark scaffolding removed. */
  inputChars: number;
  /** Characters of every message (uncapped). */
  totalChars: number;
  /** Characters of system / developer messages. */
  systemChars: number;
  messages: number;
  userTurns: number;
  assistantTurns: number;
  toolTurns: number;
  toolCalls: number;
  images: number;
}

/** Characters of input text featurised at most (head of the newest turn kept as well as its tail). */
export const FOCUS_CAP = 6_000;
/** When the newest turn alone exceeds the cap: characters kept from its start (the rest from its end). */
const HEAD_KEEP = 2_000;
/** Parts of an array content examined at most. */
const MAX_PARTS = 256;

interface Collected {
  text: string;
  chars: number;
  images: number;
}

const EMPTY: Collected = { text: '', chars: 0, images: 0 };

/**
 * Text of a message content: a string, or an array of parts ({type:'text', text}, images, Anthropic-style
 * tool_result blocks with nested content). At most `cap` characters are materialised: when the content is
 * longer, its first `head` characters and its last `cap - head - 1` characters, joined by a newline.
 * `chars` is the full length.
 */
export function contentText(content: unknown, cap: number = FOCUS_CAP, head = 0): Collected {
  if (typeof content === 'string') return { text: clip([content], content.length, cap, head), chars: content.length, images: 0 };
  if (!Array.isArray(content)) return EMPTY;
  const pieces: string[] = [];
  let chars = 0;
  let images = 0;
  const n = Math.min(content.length, MAX_PARTS);
  for (let i = 0; i < n; i++) {
    const part: unknown = content[i];
    if (typeof part === 'string') pieces.push(part);
    else if (part !== null && typeof part === 'object') {
      const p = part as { type?: unknown; text?: unknown; content?: unknown };
      if (typeof p.text === 'string') pieces.push(p.text);
      else if (typeof p.type === 'string' && (p.type.startsWith('image') || p.type === 'input_image')) images++;
      else if (typeof p.content === 'string') pieces.push(p.content);
      else if (Array.isArray(p.content)) {
        for (const q of p.content.slice(0, MAX_PARTS) as unknown[]) {
          if (typeof q === 'string') pieces.push(q);
          else if (q !== null && typeof q === 'object') {
            const t = (q as { text?: unknown; type?: unknown }).text;
            if (typeof t === 'string') pieces.push(t);
            else if (typeof (q as { type?: unknown }).type === 'string' && String((q as { type?: unknown }).type).startsWith('image')) images++;
          }
        }
      }
    }
  }
  for (const p of pieces) chars += p.length;
  const joined = chars + Math.max(0, pieces.length - 1);
  return { text: clip(pieces, joined, cap, head), chars, images };
}

/** Pieces joined by newlines, or (over `cap`) the first `head` and last `cap - head - 1` characters. */
function clip(pieces: readonly string[], total: number, cap: number, head: number): string {
  if (total <= cap) return pieces.length === 1 ? pieces[0]! : pieces.join('\n');
  if (cap <= 0) return '';
  const h = Math.min(head, cap);
  const tailLen = Math.max(0, cap - h - (h > 0 ? 1 : 0));
  let front = '';
  for (let i = 0; i < pieces.length && front.length < h; i++) front += (i ? '\n' : '') + pieces[i]!.slice(0, h - front.length);
  front = front.slice(0, h);
  let back = '';
  for (let i = pieces.length - 1; i >= 0 && back.length < tailLen; i--) {
    const p = pieces[i]!;
    const room = tailLen - back.length;
    back = (p.length > room ? p.slice(p.length - room) : p) + (back ? '\n' + back : '');
  }
  back = back.slice(Math.max(0, back.length - tailLen));
  return h > 0 ? front + '\n' + back : back;
}

// --------------------------------------------------------------------------- benchmark scaffolding

const MC_QUESTION = /^\s*Question:\s*/;
const MC_OPTIONS = /(^|\n)Options:\s*/;
const MC_HAS_A = /(^|\n)[ \t]*\(?A[.)][ \t]/;
const MC_HAS_B = /\n[ \t]*\(?B[.)][ \t]/;
const MC_LETTERS = /(^|\n)[ \t]*\(?[A-J][.)][ \t]+/g;
const MC_ANSWER = /\s*Answer:(?:[ \t]*Let['’]s think step by step\.?)?\s*$/;

/**
 * Removes multiple-choice benchmark scaffolding: a leading `Question:`, an `Options:` label, the option
 * letters `A.`..`J.` (the option texts stay), and a trailing `Answer:` / `Answer: Let's think step by
 * step.`. These tokens identify a data set, not a difficulty, and real traffic does not contain them.
 * Returns the stripped text.
 */
export function stripScaffolding(text: string): string {
  let t = text;
  if (MC_QUESTION.test(t)) t = t.replace(MC_QUESTION, '');
  if (t.length < 64_000 && MC_ANSWER.test(t)) t = t.replace(MC_ANSWER, '');
  if (MC_OPTIONS.test(t)) t = t.replace(MC_OPTIONS, '$1');
  if (MC_HAS_A.test(t) && MC_HAS_B.test(t)) t = t.replace(MC_LETTERS, '$1');
  return t;
}

// --------------------------------------------------------------------------- the view

function isInputRole(role: string): boolean {
  return role === 'user' || role === 'tool' || role === 'function';
}

function isSystemRole(role: string): boolean {
  return role === 'system' || role === 'developer';
}

/** Builds the bounded view of a request. Work is O(number of messages + FOCUS_CAP). */
export function viewPrompt(messages: readonly ScorerMessage[]): PromptView {
  let totalChars = 0;
  let systemChars = 0;
  let userTurns = 0;
  let assistantTurns = 0;
  let toolTurns = 0;
  let toolCalls = 0;
  let images = 0;
  let inputChars = 0;
  const pieces: string[] = [];
  let budget = FOCUS_CAP;
  let lastSystem: string | undefined;

  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m === undefined || m === null || typeof m !== 'object') continue;
    const role = typeof m.role === 'string' ? m.role : 'user';
    const wantText = isInputRole(role) && budget > 0;
    // the newest input turn keeps its head and tail; older turns their most recent part
    const cap = wantText ? budget : isSystemRole(role) ? FOCUS_CAP : 0;
    const c = contentText(m.content, cap, wantText && pieces.length === 0 ? HEAD_KEEP : 0);
    totalChars += c.chars;
    images += c.images;
    if (Array.isArray(m.tool_calls)) toolCalls += m.tool_calls.length;
    if (isSystemRole(role)) {
      systemChars += c.chars;
      lastSystem = c.text;
      continue;
    }
    if (role === 'assistant') {
      assistantTurns++;
      continue;
    }
    if (role === 'tool' || role === 'function') toolTurns++;
    else userTurns++;
    if (!isInputRole(role)) continue;
    inputChars += c.chars;
    if (!wantText) continue;
    const t = c.text;
    const s = stripScaffolding(t);
    inputChars -= t.length - s.length;
    pieces.push(s);
    budget -= t.length + 1;
  }
  if (pieces.length === 0 && lastSystem !== undefined) {
    // nothing but instructions: read those
    const t = lastSystem.length > FOCUS_CAP ? lastSystem.slice(0, FOCUS_CAP) : lastSystem;
    pieces.push(t);
    inputChars = systemChars;
  }
  pieces.reverse();
  return {
    focus: pieces.join('\n'),
    inputChars: Math.max(0, inputChars),
    totalChars,
    systemChars,
    messages: messages.length,
    userTurns,
    assistantTurns,
    toolTurns,
    toolCalls,
    images,
  };
}

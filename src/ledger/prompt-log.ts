/**
 * The prompt as the ledger stores it (with `logging.prompts: true`): always valid JSON, so `export` can
 * replay it and `route calibrate` can score it. A conversation within the limit is stored whole, as a
 * JSON array of messages. A longer one (agent prompts reach megabytes) keeps its newest messages, the
 * oldest of them cut to its end, as `{"truncated": true, "messages": [...]}`: the newest turns are what
 * routing reads (the scorer looks at the last 6,000 characters). Older ledgers may hold an array cut
 * mid-JSON; readers treat that as truncated with no messages.
 */
import type { ChatMessage } from '../spec/chat.js';

export const PROMPT_LOG_LIMIT = 64 * 1024;
/** Room for the wrapper object and a cut message's marker. */
const WRAPPER_ROOM = 64;

export function promptForLog(messages: readonly ChatMessage[], limit = PROMPT_LOG_LIMIT): string {
  const whole = JSON.stringify(messages);
  if (whole.length <= limit) return whole;
  const budget = limit - WRAPPER_ROOM;
  const kept: string[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const text = JSON.stringify(messages[i]);
    if (used + text.length + 1 <= budget) {
      kept.push(text);
      used += text.length + 1;
      continue;
    }
    const cut = tailOf(messages[i]!, budget - used - 1);
    if (cut) kept.push(cut);
    break;
  }
  return `{"truncated":true,"messages":[${kept.reverse().join(',')}]}`;
}

/** The message with its text cut to its last characters so its JSON fits `room`; null when nothing fits. */
function tailOf(message: ChatMessage, room: number): string | null {
  const text = textOf(message.content);
  const render = (keep: number): string => JSON.stringify({ ...message, content: `…${text.slice(text.length - keep)}` });
  if (render(0).length > room) return null;
  // JSON escaping grows text unevenly (quotes, control characters): the longest tail that fits, by bisection
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid).length <= room) lo = mid;
    else hi = mid - 1;
  }
  return render(lo);
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) if (part.type === 'text') out += (out ? '\n' : '') + part.text;
  return out;
}

/** The logged prompt back as messages; `truncated` when the conversation was cut (or its JSON was). */
export function messagesFromLog(prompt: string | null): { messages?: unknown[]; truncated: boolean } {
  if (prompt === null) return { truncated: false };
  try {
    const parsed: unknown = JSON.parse(prompt);
    if (Array.isArray(parsed)) return { messages: parsed, truncated: false };
    if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { messages?: unknown }).messages)) {
      return { messages: (parsed as { messages: unknown[] }).messages, truncated: true };
    }
    return { truncated: true };
  } catch {
    return { truncated: true };
  }
}

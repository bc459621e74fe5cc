/** OpenAI tool-call `arguments` (JSON text) -> Anthropic `tool_use.input` (an object). */
import { isRecord } from './json.js';

/** Anthropic wants `input` as an object; models sometimes emit invalid JSON, which becomes `{}`. */
export function parseToolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

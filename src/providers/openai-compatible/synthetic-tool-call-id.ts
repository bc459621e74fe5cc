/**
 * Ids for tool calls an upstream sent without one. They must be unique across the whole conversation, not
 * just within one answer: a later turn that goes to Claude (a fallback, model_map) carries every earlier
 * call, and Anthropic refuses a history where two tool_use blocks share an id (`call_0` in every turn).
 */
import { randomBytes } from 'node:crypto';

/** `call_<8 random url-safe characters>_<n>`: fits Anthropic's `^[a-zA-Z0-9_-]+$`. */
export function syntheticToolCallIds(): (n: number) => string {
  let prefix: string | undefined;
  return (n) => `call_${(prefix ??= randomBytes(6).toString('base64url'))}_${n}`;
}

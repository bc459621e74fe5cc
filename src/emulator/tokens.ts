/**
 * The emulator's token arithmetic, exported so tests elsewhere can predict usage exactly:
 * prompt tokens = ceil(characters of message text / 4) + 4 per message (the system prompt counts as one).
 */
import type { Segment } from './request.js';

export const TOKENS_PER_MESSAGE = 4;

export function promptTokens(chars: number, messages: number): number {
  return Math.ceil(chars / 4) + TOKENS_PER_MESSAGE * messages;
}

/** Prompt tokens of the first `count` segments. */
export function segmentTokens(segments: readonly Segment[], count: number): number {
  let chars = 0;
  for (let i = 0; i < count; i++) chars += (segments[i] as Segment).chars;
  return promptTokens(chars, count);
}

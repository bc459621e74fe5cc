/**
 * Prompt-cache emulation. A request's prefix (every segment but the last) that this emulator has seen
 * before is reported as cache reads. With Anthropic `cache_control`, the segments up to the last
 * breakpoint are written to the cache (reported as cache creation) and remembered, so repeating them
 * reads them back. No minimum cacheable length, unlike the real providers: tests use short prompts.
 */
import { Hasher } from './hash.js';
import type { Segment } from './request.js';
import { promptTokens } from './tokens.js';

export interface CacheAccount {
  /** All prompt tokens (cache reads and writes included). */
  prompt: number;
  cacheRead: number;
  cacheWrite: number;
}

// Bounded so a long benchmark with unique prompts cannot grow memory without limit.
const MAX_ENTRIES = 200_000;

export class PrefixCache {
  private readonly seen = new Set<number>();

  clear(): void {
    this.seen.clear();
  }

  /** Counts the prompt and its cache reads/writes, then remembers this request's prefixes. */
  account(segments: readonly Segment[], honourCacheControl: boolean): CacheAccount {
    const n = segments.length;
    let breakpoint = -1;
    if (honourCacheControl) {
      for (let i = n - 1; i >= 0; i--) {
        if ((segments[i] as Segment).cacheControl) {
          breakpoint = i;
          break;
        }
      }
    }
    const hasher = new Hasher();
    let chars = 0;
    let prefixHash = -1;
    let prefixTokens = 0;
    let breakHash = -1;
    let breakTokens = 0;
    for (let i = 0; i < n; i++) {
      const s = segments[i] as Segment;
      hasher.update(s.key).update('\u0001');
      chars += s.chars;
      if (i === n - 2) {
        prefixHash = hasher.digest();
        prefixTokens = promptTokens(chars, i + 1);
      }
      if (i === breakpoint) {
        breakHash = hasher.digest();
        breakTokens = promptTokens(chars, i + 1);
      }
    }
    const prompt = promptTokens(chars, n);
    let cacheRead = 0;
    if (prefixHash !== -1 && this.seen.has(prefixHash)) cacheRead = prefixTokens;
    if (breakHash !== -1 && this.seen.has(breakHash) && breakTokens > cacheRead) cacheRead = breakTokens;
    const cacheWrite = breakHash !== -1 ? Math.max(0, breakTokens - cacheRead) : 0;

    if (this.seen.size >= MAX_ENTRIES) this.seen.clear();
    if (prefixHash !== -1) this.seen.add(prefixHash);
    if (breakHash !== -1) this.seen.add(breakHash);
    return { prompt, cacheRead, cacheWrite };
  }
}

/**
 * Retry decisions as pure functions, so the policy is tested without sockets or clocks.
 */
import type { UpstreamErrorKind } from '../spec/chat.js';
import type { RetryPolicy } from '../config/types.js';

/**
 * Failures worth repeating on the same (or the next) target. `stream_truncated` is included: it only
 * reaches a retry decision before anything was sent to the client, where a new attempt is safe.
 * The others are answers about the request itself and would fail again anywhere.
 */
const RETRYABLE: Record<UpstreamErrorKind, boolean> = {
  rate_limit: true,
  overloaded: true,
  server: true,
  connection: true,
  timeout: true,
  invalid_response: true,
  stream_truncated: true,
  context_length: false,
  content_filter: false,
  auth: false,
  bad_request: false,
  not_found: false,
};

export function isRetryable(kind: UpstreamErrorKind): boolean {
  return RETRYABLE[kind];
}

/**
 * Delay before the attempt after `attempt` (1 = the first attempt just failed), or `null` to give up on
 * this target now. A Retry-After within `retryAfterCapMs` is obeyed exactly (0 retries at once); a longer
 * one means the target is out for longer than we will wait, so the caller should move on. Without one:
 * exponential backoff with full jitter (AWS's recommendation: spreads a thundering herd best).
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | null {
  if (retryAfterMs !== undefined) return retryAfterMs > policy.retryAfterCapMs ? null : Math.max(0, retryAfterMs);
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, exp);
  return Math.floor(random() * ceiling);
}

type HeaderBag = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI, Azure; fractional ms allowed) or `retry-after`
 * (delta-seconds, possibly fractional, or an HTTP date). Header names must be lower-case, as Node gives them.
 * Returns undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined) {
    const n = Number(ms.trim());
    if (ms.trim() !== '' && Number.isFinite(n) && n >= 0) return Math.ceil(n);
  }
  const ra = first(headers['retry-after']);
  if (ra === undefined) return undefined;
  const text = ra.trim();
  if (text === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

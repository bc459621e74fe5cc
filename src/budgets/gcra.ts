/**
 * GCRA (the generic cell rate algorithm): a token bucket kept as one number per rule, the theoretical
 * arrival time (TAT). A bucket is full when TAT <= now, so an absent TAT and an old one mean the same and
 * a stored TAT may be dropped once it is in the past. Pure functions: the memory and SQLite stores call
 * them in their atomic step; the Redis Lua script is a line-for-line port (same doubles, same answers).
 *
 * Precision: a TAT is ms since the epoch in a double, so each step rounds by at most ~1.2e-4 ms of bucket
 * time, i.e. limit x 2e-9 units per call at a per-minute rule (0.2 tokens per request at 100M tokens/min).
 */
import type { NormalRule } from './validate.js';

/** Absorbs float noise in `remaining` (e.g. 2.9999999999 units left is 3). */
const EPSILON = 1e-9;

export type GcraOutcome =
  | { ok: true; tats: number[]; remaining: number[] }
  | { ok: false; index: number; retryAfterMs: number | null };

/** All or nothing over `rules`; `stored[i]` is rule i's TAT, undefined when none is stored. */
export function gcraTake(rules: readonly NormalRule[], stored: readonly (number | undefined)[], now: number): GcraOutcome {
  const tats: number[] = [];
  const remaining: number[] = [];
  let worst = -1;
  let worstWait = -1;
  rules.forEach((rule, i) => {
    const tat = Math.max(stored[i] ?? now, now);
    const increment = rule.cost * rule.interval;
    const next = tat + increment;
    let wait: number;
    if (increment > rule.tolerance) wait = Number.POSITIVE_INFINITY; // larger than the bucket: never fits
    else if (next - now > rule.tolerance) wait = next - now - rule.tolerance;
    else {
      tats.push(next);
      remaining.push(Math.floor((rule.tolerance - (next - now)) / rule.interval + EPSILON));
      return;
    }
    if (wait > worstWait) {
      worst = i;
      worstWait = wait;
    }
  });
  if (worst >= 0) return { ok: false, index: worst, retryAfterMs: Number.isFinite(worstWait) ? Math.ceil(worstWait) : null };
  return { ok: true, tats, remaining };
}

/** The TAT after an unchecked charge (cost > 0) or refund (cost < 0); null when the bucket is full again. */
export function gcraAdjust(rule: NormalRule, stored: number | undefined, now: number): number | null {
  const tat = Math.max(stored ?? now, now) + rule.cost * rule.interval;
  return tat > now ? tat : null;
}

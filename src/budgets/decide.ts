/**
 * The admission rule, as a pure function of the counters. The memory and SQLite stores call it inside
 * their atomic step; the Redis Lua script (redis-lua.ts) is a line-for-line port, and the shared test
 * suite holds the two to the same answers.
 */
import type { BudgetLimit, BudgetWarning } from './types.js';

export interface DecideItem {
  base: number;
  perUnit: number;
  limit: number;
  hard: boolean;
  used: number;
  reserved: number;
}

export type Decision = { ok: true; units: number } | { ok: false; blocking: number[] };

/**
 * Grants the most units in [minUnits, maxUnits] for which every hard item still satisfies
 * used + reserved + base + perUnit x units <= limit. Soft items never constrain.
 * floor(room / perUnit) is exact here: both are integers below 2^53, so the double quotient cannot round
 * up across an integer.
 */
export function decide(items: readonly DecideItem[], minUnits: number, maxUnits: number): Decision {
  let units = maxUnits;
  for (const it of items) {
    if (!it.hard) continue;
    const room = it.limit - it.used - it.reserved - it.base;
    if (room < 0) units = -1;
    else if (it.perUnit > 0) units = Math.min(units, Math.floor(room / it.perUnit));
  }
  if (units >= minUnits) return { ok: true, units };
  const blocking: number[] = [];
  items.forEach((it, i) => {
    if (it.hard && it.limit - it.used - it.reserved < it.base + it.perUnit * minUnits) blocking.push(i);
  });
  return { ok: false, blocking };
}

/** Of several refusing limits, the one that resets last (a 'total' limit never does), so Retry-After is honest. */
export function pickDenial(blocking: readonly number[], resetsAt: readonly (number | null)[]): number {
  let best = blocking[0] ?? 0;
  for (const i of blocking) {
    const r = resetsAt[i] ?? Number.POSITIVE_INFINITY;
    const b = resetsAt[best] ?? Number.POSITIVE_INFINITY;
    if (r > b) best = i;
  }
  return best;
}

/** The warning for a counter whose used + reserved is `total` after this reservation. */
export function warningFor(limit: BudgetLimit, total: number): BudgetWarning | null {
  if (limit.mode === 'soft' && total > limit.limit) return 'exceeded';
  const threshold = limit.soft ?? (limit.mode === 'soft' ? limit.limit : undefined);
  return threshold !== undefined && total > threshold ? 'threshold' : null;
}

/**
 * The atomic steps of the memory and SQLite stores, written once over BudgetState. Each function must run
 * as one indivisible step (the caller's job: synchronous code for memory, one IMMEDIATE transaction for
 * SQLite). redis-lua.ts holds the same steps for Redis.
 */
import { BudgetError } from './errors.js';
import { decide } from './decide.js';
import { gcraAdjust, gcraTake } from './gcra.js';
import { decideInputs, reserveResult, spansOf } from './results.js';
import type { BudgetState, CounterRow } from './state.js';
import type { BudgetLimit, BudgetUsage, ExtendStatus, ReleaseStatus, ReserveResult, SettleStatus, TakeResult } from './types.js';
import type { NormalReserve, NormalRule } from './validate.js';
import { counterExpiry, counterKey, LATE_SETTLE_GRACE_MS, windowSpan } from './windows.js';

/** Leases reclaimed per sweep batch. */
const SWEEP_BATCH = 500;

/** Frees the holds on `key` whose lease has ended. */
function reclaim(state: BudgetState, key: string, now: number): void {
  for (const hold of state.expiredHolds(key, now)) {
    state.deleteHold(key, hold.reservationId);
    state.addToCounter(key, 0, -hold.amount, null);
  }
}

export function reserveStep(state: BudgetState, r: NormalReserve): ReserveResult {
  if (state.reservation(r.reservationId)) {
    throw new BudgetError('duplicate_reservation', `reservation "${r.reservationId}" already exists`);
  }
  const spans = spansOf(r);
  const keys = r.items.map((item, i) => counterKey(item.limit.id, spans[i]!.start));
  const before: CounterRow[] = keys.map((key) => {
    reclaim(state, key, r.now);
    return state.counter(key);
  });
  const decision = decide(decideInputs(r, before), r.minUnits, r.maxUnits);
  if (!decision.ok) return reserveResult(r, spans, before, null);
  const leaseUntil = r.now + r.leaseMs;
  const counters = keys.map((key, i) => {
    const item = r.items[i]!;
    const amount = item.amount + item.perUnit * decision.units;
    const expiresAt = counterExpiry(spans[i]!);
    state.addToCounter(key, 0, amount, expiresAt);
    state.putHold(key, r.reservationId, amount, leaseUntil);
    return { key, expiresAt };
  });
  state.putReservation({
    id: r.reservationId,
    units: decision.units,
    leaseUntil,
    keepUntil: leaseUntil + LATE_SETTLE_GRACE_MS,
    counters,
  });
  return reserveResult(r, spans, before, decision.units);
}

/** Frees the reservation's holds and adds `amounts` (in item order) to used; 'late' if a hold was gone. */
export function settleStep(state: BudgetState, reservationId: string, amounts: readonly number[]): SettleStatus {
  const row = state.reservation(reservationId);
  if (!row) return 'unknown';
  if (amounts.length !== row.counters.length) {
    throw new BudgetError('amounts_mismatch', `reservation "${reservationId}" has ${row.counters.length} items, settle gave ${amounts.length} amounts`);
  }
  let late = false;
  row.counters.forEach(({ key, expiresAt }, i) => {
    const held = state.hold(key, reservationId);
    if (held === undefined) late = true;
    else state.deleteHold(key, reservationId);
    state.addToCounter(key, amounts[i]!, held === undefined ? 0 : -held, expiresAt);
  });
  state.deleteReservation(reservationId);
  return late ? 'late' : 'settled';
}

export function releaseStep(state: BudgetState, reservationId: string): ReleaseStatus {
  const row = state.reservation(reservationId);
  if (!row) return 'unknown';
  const status = settleStep(state, reservationId, row.counters.map(() => 0));
  return status === 'late' ? 'expired' : 'released';
}

export function extendStep(state: BudgetState, reservationId: string, leaseUntil: number): ExtendStatus {
  const row = state.reservation(reservationId);
  if (!row) return 'unknown';
  let missing = false;
  for (const { key } of row.counters) {
    // A hold past its lease but not yet reclaimed still counts as reserved, so extending it is safe.
    if (state.hold(key, reservationId) === undefined) missing = true;
    else state.setHoldLease(key, reservationId, leaseUntil);
  }
  state.putReservation({ ...row, leaseUntil, keepUntil: leaseUntil + LATE_SETTLE_GRACE_MS });
  return missing ? 'expired' : 'extended';
}

export function usageStep(state: BudgetState, limits: readonly BudgetLimit[], now: number): BudgetUsage[] {
  return limits.map((limit) => {
    const span = windowSpan(limit.window, now);
    const key = counterKey(limit.id, span.start);
    reclaim(state, key, now);
    const { used, reserved } = state.counter(key);
    return {
      limitId: limit.id,
      limit: limit.limit,
      used,
      reserved,
      remaining: Math.max(0, limit.limit - used - reserved),
      windowStart: span.start,
      resetsAt: span.end,
    };
  });
}

/** One batch of expired leases; the caller repeats while it returns SWEEP_BATCH. */
export function sweepStep(state: BudgetState, now: number): number {
  const ids = state.expiredLeases(now, SWEEP_BATCH);
  for (const id of ids) {
    const row = state.reservation(id);
    for (const { key } of row?.counters ?? []) {
      const held = state.hold(key, id);
      if (held === undefined) continue;
      state.deleteHold(key, id);
      state.addToCounter(key, 0, -held, null);
    }
    state.unlistLease(id);
  }
  if (ids.length < SWEEP_BATCH) state.purge(now);
  return ids.length;
}

export const SWEEP_BATCH_SIZE = SWEEP_BATCH;

export function takeStep(state: BudgetState, rules: readonly NormalRule[], now: number): TakeResult {
  const outcome = gcraTake(rules, rules.map((rule) => state.tat(rule.key)), now);
  if (!outcome.ok) return { ok: false, key: rules[outcome.index]!.key, retryAfterMs: outcome.retryAfterMs };
  rules.forEach((rule, i) => {
    if (rule.cost > 0) state.setTat(rule.key, outcome.tats[i]!);
  });
  return { ok: true, remaining: outcome.remaining };
}

export function adjustStep(state: BudgetState, rules: readonly NormalRule[], now: number): void {
  for (const rule of rules) {
    if (rule.cost !== 0) state.setTat(rule.key, gcraAdjust(rule, state.tat(rule.key), now));
  }
}

/**
 * Turns an atomic step's raw outcome (the counters as they were before it, and the units granted) into
 * the public result. Shared by every store, so a Redis reply and a memory step read the same.
 */
import { decide, pickDenial, warningFor } from './decide.js';
import type { NormalReserve } from './validate.js';
import type { CounterRow } from './state.js';
import type { ReserveDenied, ReserveGranted, ReserveResult } from './types.js';
import { windowSpan, type WindowSpan } from './windows.js';

export function spansOf(r: NormalReserve): WindowSpan[] {
  return r.items.map((item) => windowSpan(item.limit.window, r.now));
}

/** The decision inputs for `r` given each counter's state before the step. */
export function decideInputs(r: NormalReserve, before: readonly CounterRow[]) {
  return r.items.map((item, i) => ({
    base: item.amount,
    perUnit: item.perUnit,
    limit: item.limit.limit,
    hard: item.limit.mode === 'hard',
    used: before[i]?.used ?? 0,
    reserved: before[i]?.reserved ?? 0,
  }));
}

export function grantedResult(r: NormalReserve, spans: readonly WindowSpan[], before: readonly CounterRow[], units: number): ReserveGranted {
  return {
    ok: true,
    reservationId: r.reservationId,
    units,
    items: r.items.map((item, i) => {
      const amount = item.amount + item.perUnit * units;
      const used = before[i]?.used ?? 0;
      const reserved = (before[i]?.reserved ?? 0) + amount;
      return {
        limitId: item.limit.id,
        amount,
        used,
        reserved,
        remaining: Math.max(0, item.limit.limit - used - reserved),
        resetsAt: spans[i]?.end ?? null,
        warning: warningFor(item.limit, used + reserved),
      };
    }),
  };
}

export function deniedResult(r: NormalReserve, spans: readonly WindowSpan[], before: readonly CounterRow[]): ReserveDenied {
  const decision = decide(decideInputs(r, before), r.minUnits, r.maxUnits);
  const blocking = decision.ok ? [] : decision.blocking;
  if (blocking.length === 0) throw new Error('budget store refused a reservation its counters admit');
  const i = pickDenial(blocking, spans.map((s) => s.end));
  const item = r.items[i]!;
  return {
    ok: false,
    limit: item.limit,
    used: before[i]?.used ?? 0,
    reserved: before[i]?.reserved ?? 0,
    requested: item.amount + item.perUnit * r.minUnits,
    resetsAt: spans[i]?.end ?? null,
  };
}

/** The whole result from a step's snapshot: granted when `units` is a number, refused when null. */
export function reserveResult(r: NormalReserve, spans: readonly WindowSpan[], before: readonly CounterRow[], units: number | null): ReserveResult {
  return units === null ? deniedResult(r, spans, before) : grantedResult(r, spans, before, units);
}

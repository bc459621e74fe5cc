/**
 * Calendar-aligned UTC windows. A counter is named by its limit id and its window start, so a new window
 * is a new counter. A reservation remembers its counters and is settled into the window it was reserved
 * in, even when the response ends after the boundary: that window checked the reservation against its
 * limit, so its spend belongs there. Settling into the new window instead would add spend the new window
 * never admitted (breaking its bound) and leave a hold behind in the old one.
 */
import type { BudgetWindow } from './types.js';

export interface WindowSpan {
  start: number;
  /** Exclusive end, which is when the window resets; null for 'total'. */
  end: number | null;
}

const FIXED_MS: Partial<Record<BudgetWindow, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** How long a window's counters outlive the window: long enough for any late settle and for reports. */
export const COUNTER_RETENTION_MS = 86_400_000;

/**
 * How long a reservation's record outlives its lease, so a settle arriving after the lease was
 * reclaimed can still be recorded in the right counters ('late').
 */
export const LATE_SETTLE_GRACE_MS = 3_600_000;

export function windowSpan(window: BudgetWindow, now: number): WindowSpan {
  if (window === 'total') return { start: 0, end: null };
  if (window === 'month') {
    const d = new Date(now);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  }
  const size = FIXED_MS[window];
  if (size === undefined) throw new RangeError(`unknown budget window "${String(window)}"`);
  const start = Math.floor(now / size) * size;
  return { start, end: start + size };
}

/** The counter of `limitId` in the window that contains `start`. */
export function counterKey(limitId: string, start: number): string {
  return `${limitId}@${start}`;
}

/** When a counter may be dropped; null keeps it forever ('total'). */
export function counterExpiry(span: WindowSpan): number | null {
  return span.end === null ? null : span.end + COUNTER_RETENTION_MS;
}

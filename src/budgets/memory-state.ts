/** BudgetState in Maps, for the single-process memory store. */
import type { BudgetState, CounterRow, HoldRow, ReservationRow } from './state.js';

interface Counter extends CounterRow {
  expiresAt: number | null;
}

export class MemoryState implements BudgetState {
  private readonly counters = new Map<string, Counter>();
  /** counter key -> reservation id -> hold. */
  private readonly holds = new Map<string, Map<string, { amount: number; leaseUntil: number }>>();
  /**
   * counter key -> a lower bound of its holds' lease ends, so the common reserve (nothing expired) skips
   * the scan over every in-flight hold. Deletes and extends leave it low, which only costs a scan.
   */
  private readonly nextExpiry = new Map<string, number>();
  private readonly reservations = new Map<string, ReservationRow>();
  /** Listed leases: reservation id -> lease end. */
  private readonly leases = new Map<string, number>();
  private readonly tats = new Map<string, number>();

  counter(key: string): CounterRow {
    const c = this.counters.get(key);
    return { used: c?.used ?? 0, reserved: c?.reserved ?? 0 };
  }

  addToCounter(key: string, used: number, reserved: number, expiresAt: number | null): void {
    const c = this.counters.get(key);
    if (c) {
      c.used += used;
      c.reserved += reserved;
    } else {
      this.counters.set(key, { used, reserved, expiresAt });
    }
  }

  expiredHolds(key: string, now: number): HoldRow[] {
    const bound = this.nextExpiry.get(key);
    if (bound === undefined || bound > now) return [];
    const out: HoldRow[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [reservationId, h] of this.holds.get(key) ?? []) {
      if (h.leaseUntil <= now) out.push({ reservationId, amount: h.amount });
      else next = Math.min(next, h.leaseUntil);
    }
    if (next === Number.POSITIVE_INFINITY) this.nextExpiry.delete(key);
    else this.nextExpiry.set(key, next);
    return out;
  }

  hold(key: string, reservationId: string): number | undefined {
    return this.holds.get(key)?.get(reservationId)?.amount;
  }

  putHold(key: string, reservationId: string, amount: number, leaseUntil: number): void {
    let m = this.holds.get(key);
    if (!m) this.holds.set(key, (m = new Map()));
    m.set(reservationId, { amount, leaseUntil });
    this.nextExpiry.set(key, Math.min(this.nextExpiry.get(key) ?? leaseUntil, leaseUntil));
  }

  deleteHold(key: string, reservationId: string): void {
    const m = this.holds.get(key);
    if (!m) return;
    m.delete(reservationId);
    if (m.size === 0) {
      this.holds.delete(key);
      this.nextExpiry.delete(key);
    }
  }

  setHoldLease(key: string, reservationId: string, leaseUntil: number): void {
    const h = this.holds.get(key)?.get(reservationId);
    if (!h) return;
    h.leaseUntil = leaseUntil;
    this.nextExpiry.set(key, Math.min(this.nextExpiry.get(key) ?? leaseUntil, leaseUntil));
  }

  reservation(id: string): ReservationRow | undefined {
    return this.reservations.get(id);
  }

  putReservation(row: ReservationRow): void {
    this.reservations.set(row.id, row);
    this.leases.set(row.id, row.leaseUntil);
  }

  deleteReservation(id: string): void {
    this.reservations.delete(id);
    this.leases.delete(id);
  }

  expiredLeases(now: number, max: number): string[] {
    const out: string[] = [];
    for (const [id, until] of this.leases) {
      if (out.length >= max) break;
      if (until <= now) out.push(id);
    }
    return out;
  }

  unlistLease(id: string): void {
    this.leases.delete(id);
  }

  purge(now: number): void {
    for (const [id, row] of this.reservations) if (row.keepUntil < now) this.deleteReservation(id);
    for (const [key, c] of this.counters) {
      if (c.expiresAt !== null && c.expiresAt < now && !this.holds.has(key)) this.counters.delete(key);
    }
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }

  tat(key: string): number | undefined {
    return this.tats.get(key);
  }

  setTat(key: string, tat: number | null): void {
    if (tat === null) this.tats.delete(key);
    else this.tats.set(key, tat);
  }
}

/**
 * The synchronous storage a store's atomic step works on. The memory store backs it with Maps (atomic
 * because JavaScript runs one step at a time); the SQLite store with statements inside one IMMEDIATE
 * transaction (atomic across connections and processes). Redis does not use it: the same steps run
 * server-side in Lua.
 *
 * Model: a counter (used, reserved) per limit and window; a hold per reservation and counter, with its
 * amount and lease; a reservation record listing its counters, kept a grace period past its lease so a
 * late settle still finds the right windows; a GCRA TAT per rate rule.
 */
export interface CounterRow {
  used: number;
  reserved: number;
}

export interface HoldRow {
  reservationId: string;
  amount: number;
}

export interface ReservationRow {
  id: string;
  units: number;
  leaseUntil: number;
  /** The record may be dropped after this (lease + grace). */
  keepUntil: number;
  counters: { key: string; expiresAt: number | null }[];
}

export interface BudgetState {
  /** Zeros for a counter that does not exist. */
  counter(key: string): CounterRow;
  /** Adds to a counter, creating it (with `expiresAt`) when absent. */
  addToCounter(key: string, used: number, reserved: number, expiresAt: number | null): void;
  /** Holds on `key` whose lease ended at or before `now`. */
  expiredHolds(key: string, now: number): HoldRow[];
  /** The amount `reservationId` holds on `key`, or undefined. */
  hold(key: string, reservationId: string): number | undefined;
  putHold(key: string, reservationId: string, amount: number, leaseUntil: number): void;
  deleteHold(key: string, reservationId: string): void;
  setHoldLease(key: string, reservationId: string, leaseUntil: number): void;
  reservation(id: string): ReservationRow | undefined;
  /** Inserts or replaces, and (re)lists the lease for sweeping. */
  putReservation(row: ReservationRow): void;
  deleteReservation(id: string): void;
  /** Listed leases ending at or before `now`, at most `max`. */
  expiredLeases(now: number, max: number): string[];
  /** Unlists a lease after sweeping it; the record stays for a late settle. */
  unlistLease(id: string): void;
  /** Drops records past keepUntil, counters past their expiry with no holds, and TATs in the past. */
  purge(now: number): void;
  tat(key: string): number | undefined;
  /** Stores a TAT, or deletes it (null). */
  setTat(key: string, tat: number | null): void;
}

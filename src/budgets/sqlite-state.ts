/** BudgetState as SQL statements; only ever called inside the store's IMMEDIATE transaction. */
import type Database from 'better-sqlite3';
import type { BudgetState, CounterRow, HoldRow, ReservationRow } from './state.js';

interface ReservationSqlRow {
  reservation_id: string;
  units: number;
  lease_until: number;
  keep_until: number;
  counters: string;
}

function prepareAll(db: Database.Database) {
  return {
    counter: db.prepare<[string], CounterRow>('SELECT used, reserved FROM budget_counters WHERE counter = ?'),
    addToCounter: db.prepare<[string, number, number, number | null]>(
      `INSERT INTO budget_counters (counter, used, reserved, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (counter) DO UPDATE SET used = used + excluded.used, reserved = reserved + excluded.reserved`,
    ),
    expiredHolds: db.prepare<[string, number], HoldRow>(
      'SELECT reservation_id AS reservationId, amount FROM budget_holds WHERE counter = ? AND lease_until <= ?',
    ),
    hold: db.prepare<[string, string], { amount: number }>('SELECT amount FROM budget_holds WHERE counter = ? AND reservation_id = ?'),
    putHold: db.prepare<[string, string, number, number]>(
      'INSERT INTO budget_holds (counter, reservation_id, amount, lease_until) VALUES (?, ?, ?, ?)',
    ),
    deleteHold: db.prepare<[string, string]>('DELETE FROM budget_holds WHERE counter = ? AND reservation_id = ?'),
    setHoldLease: db.prepare<[number, string, string]>('UPDATE budget_holds SET lease_until = ? WHERE counter = ? AND reservation_id = ?'),
    reservation: db.prepare<[string], ReservationSqlRow>(
      'SELECT reservation_id, units, lease_until, keep_until, counters FROM budget_reservations WHERE reservation_id = ?',
    ),
    putReservation: db.prepare<[string, number, number, number, string]>(
      `INSERT OR REPLACE INTO budget_reservations (reservation_id, units, lease_until, listed, keep_until, counters)
       VALUES (?, ?, ?, 1, ?, ?)`,
    ),
    deleteReservation: db.prepare<[string]>('DELETE FROM budget_reservations WHERE reservation_id = ?'),
    expiredLeases: db.prepare<[number, number], { reservation_id: string }>(
      'SELECT reservation_id FROM budget_reservations WHERE listed = 1 AND lease_until <= ? LIMIT ?',
    ),
    unlistLease: db.prepare<[string]>('UPDATE budget_reservations SET listed = 0 WHERE reservation_id = ?'),
    purgeReservations: db.prepare<[number]>('DELETE FROM budget_reservations WHERE keep_until < ?'),
    purgeCounters: db.prepare<[number]>(
      `DELETE FROM budget_counters WHERE expires_at < ?
       AND NOT EXISTS (SELECT 1 FROM budget_holds h WHERE h.counter = budget_counters.counter)`,
    ),
    purgeTats: db.prepare<[number]>('DELETE FROM rate_limits WHERE tat <= ?'),
    tat: db.prepare<[string], { tat: number }>('SELECT tat FROM rate_limits WHERE key = ?'),
    setTat: db.prepare<[string, number]>('INSERT OR REPLACE INTO rate_limits (key, tat) VALUES (?, ?)'),
    deleteTat: db.prepare<[string]>('DELETE FROM rate_limits WHERE key = ?'),
  };
}

export class SqliteState implements BudgetState {
  private readonly q: ReturnType<typeof prepareAll>;

  constructor(db: Database.Database) {
    this.q = prepareAll(db);
  }

  counter(key: string): CounterRow {
    return this.q.counter.get(key) ?? { used: 0, reserved: 0 };
  }

  addToCounter(key: string, used: number, reserved: number, expiresAt: number | null): void {
    this.q.addToCounter.run(key, used, reserved, expiresAt);
  }

  expiredHolds(key: string, now: number): HoldRow[] {
    return this.q.expiredHolds.all(key, now);
  }

  hold(key: string, reservationId: string): number | undefined {
    return this.q.hold.get(key, reservationId)?.amount;
  }

  putHold(key: string, reservationId: string, amount: number, leaseUntil: number): void {
    this.q.putHold.run(key, reservationId, amount, leaseUntil);
  }

  deleteHold(key: string, reservationId: string): void {
    this.q.deleteHold.run(key, reservationId);
  }

  setHoldLease(key: string, reservationId: string, leaseUntil: number): void {
    this.q.setHoldLease.run(leaseUntil, key, reservationId);
  }

  reservation(id: string): ReservationRow | undefined {
    const row = this.q.reservation.get(id);
    if (!row) return undefined;
    return {
      id: row.reservation_id,
      units: row.units,
      leaseUntil: row.lease_until,
      keepUntil: row.keep_until,
      counters: JSON.parse(row.counters) as ReservationRow['counters'],
    };
  }

  putReservation(row: ReservationRow): void {
    this.q.putReservation.run(row.id, row.units, row.leaseUntil, row.keepUntil, JSON.stringify(row.counters));
  }

  deleteReservation(id: string): void {
    this.q.deleteReservation.run(id);
  }

  expiredLeases(now: number, max: number): string[] {
    return this.q.expiredLeases.all(now, max).map((r) => r.reservation_id);
  }

  unlistLease(id: string): void {
    this.q.unlistLease.run(id);
  }

  purge(now: number): void {
    this.q.purgeReservations.run(now);
    this.q.purgeCounters.run(now);
    this.q.purgeTats.run(now);
  }

  tat(key: string): number | undefined {
    return this.q.tat.get(key)?.tat;
  }

  setTat(key: string, tat: number | null): void {
    if (tat === null) this.q.deleteTat.run(key);
    else this.q.setTat.run(key, tat);
  }
}

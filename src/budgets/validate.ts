/**
 * Input checks shared by every store, so a bad call fails the same way everywhere and no store ever
 * writes a non-integer (Redis HINCRBY and Lua would otherwise disagree with SQLite about 1.5).
 */
import { invalid } from './errors.js';
import type { BudgetLimit, RateRule, ReserveRequest, SettleRequest, TakeRequest } from './types.js';

const WINDOWS = new Set(['minute', 'hour', 'day', 'month', 'total']);
const MODES = new Set(['hard', 'soft']);
const UNITS = new Set(['usd', 'tokens']);
const MAX_ID_LENGTH = 512;

export interface NormalItem {
  limit: BudgetLimit;
  amount: number;
  perUnit: number;
}

export interface NormalReserve {
  reservationId: string;
  items: NormalItem[];
  minUnits: number;
  maxUnits: number;
  leaseMs: number;
  now: number;
}

export interface NormalRule {
  key: string;
  /** Milliseconds one unit occupies in the bucket (periodMs / limit). */
  interval: number;
  /** Bucket size in milliseconds (burst x interval). */
  tolerance: number;
  cost: number;
}

export function count(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
  return value;
}

export function positive(value: unknown, name: string): number {
  const n = count(value, name);
  if (n === 0) throw invalid(`${name} must be positive`);
  return n;
}

export function id(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw invalid(`${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
  return value;
}

export function clock(now: number | undefined): number {
  return now === undefined ? Date.now() : count(now, 'now');
}

export function checkLimit(limit: BudgetLimit, name = 'limit'): BudgetLimit {
  id(limit.id, `${name}.id`);
  count(limit.limit, `${name}.limit (${limit.id})`);
  if (limit.soft !== undefined) count(limit.soft, `${name}.soft (${limit.id})`);
  if (!WINDOWS.has(limit.window)) throw invalid(`${name}.window (${limit.id}) must be minute, hour, day, month or total`);
  if (!MODES.has(limit.mode)) throw invalid(`${name}.mode (${limit.id}) must be hard or soft`);
  if (!UNITS.has(limit.unit)) throw invalid(`${name}.unit (${limit.id}) must be usd or tokens`);
  return limit;
}

export function normaliseReserve(request: ReserveRequest): NormalReserve {
  const reservationId = id(request.reservationId, 'reservationId');
  const seen = new Set<string>();
  const items = request.items.map((item, i): NormalItem => {
    const limit = checkLimit(item.limit, `items[${i}].limit`);
    // One counter twice in one reservation would be checked against its own stale total.
    if (seen.has(limit.id)) throw invalid(`limit "${limit.id}" appears twice in one reservation`);
    seen.add(limit.id);
    return { limit, amount: count(item.amount, `items[${i}].amount`), perUnit: count(item.perUnit ?? 0, `items[${i}].perUnit`) };
  });
  const minUnits = count(request.units?.min ?? 0, 'units.min');
  const maxUnits = count(request.units?.max ?? 0, 'units.max');
  if (minUnits > maxUnits) throw invalid(`units.min (${minUnits}) exceeds units.max (${maxUnits})`);
  for (const [i, item] of items.entries()) {
    if (!Number.isSafeInteger(item.amount + item.perUnit * maxUnits)) throw invalid(`items[${i}] worst case exceeds 2^53`);
  }
  return { reservationId, items, minUnits, maxUnits, leaseMs: positive(request.leaseMs, 'leaseMs'), now: clock(request.now) };
}

export function normaliseSettle(request: SettleRequest): { reservationId: string; amounts: number[]; now: number } {
  return {
    reservationId: id(request.reservationId, 'reservationId'),
    amounts: request.amounts.map((a, i) => count(a, `amounts[${i}]`)),
    now: clock(request.now),
  };
}

/** `signed` allows negative costs (refunds, in `adjust`). */
export function normaliseRules(request: TakeRequest, signed: boolean): { rules: NormalRule[]; now: number } {
  const seen = new Set<string>();
  const rules = request.rules.map((rule: RateRule, i): NormalRule => {
    const key = id(rule.key, `rules[${i}].key`);
    if (seen.has(key)) throw invalid(`rate rule "${key}" appears twice in one call`);
    seen.add(key);
    const limit = positive(rule.limit, `rules[${i}].limit`);
    const periodMs = positive(rule.periodMs ?? 60_000, `rules[${i}].periodMs`);
    const burst = positive(rule.burst ?? limit, `rules[${i}].burst`);
    const cost = signed && rule.cost < 0 ? -count(-rule.cost, `rules[${i}].cost`) : count(rule.cost, `rules[${i}].cost`);
    const interval = periodMs / limit;
    return { key, interval, tolerance: burst * interval, cost };
  });
  return { rules, now: clock(request.now) };
}

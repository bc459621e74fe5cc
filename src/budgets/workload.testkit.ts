/**
 * A randomised reserve -> serve -> settle (or release) workload, shared by the store suite and the child
 * process that hammers the same store from outside. It keeps its own ledger of what it served, so the
 * suite can prove counters equal the ledger.
 */
import type { BudgetLimit, BudgetStore, ReserveItem, SettleStatus, ReleaseStatus } from './types.js';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
import { seededRandom as rng } from '../util/prng.js';
export { rng };

export function int(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export interface Served {
  reservationId: string;
  reserveAt: number | undefined;
  /** Settled amounts, in limit order. */
  amounts: number[];
}

export interface WorkloadResult {
  served: Served[];
  denied: number;
  released: number;
  /** Statuses that were not the expected 'settled' / 'released' (must stay empty). */
  anomalies: string[];
  /** Reserve results that showed used + reserved above a hard limit (must stay empty). */
  overLimit: string[];
}

export interface WorkloadOptions {
  tag: string;
  tasks: number;
  seed: number;
  /** Injected times for task i; real clock when absent. */
  times?: (i: number, random: () => number) => { reserve: number; settle: number };
  /** Fraction of granted reservations released instead of settled (a failed upstream call). */
  releaseRate?: number;
}

export async function runWorkload(stores: readonly BudgetStore[], limits: readonly BudgetLimit[], options: WorkloadOptions): Promise<WorkloadResult> {
  const random = rng(options.seed);
  const result: WorkloadResult = { served: [], denied: 0, released: 0, anomalies: [], overLimit: [] };
  const task = async (i: number): Promise<void> => {
    const store = stores[i % stores.length]!;
    const times = options.times?.(i, random);
    const reservationId = `${options.tag}-${i}`;
    const items: ReserveItem[] = limits.map((limit) =>
      limit.unit === 'usd' ? { limit, amount: int(random, 1, 40), perUnit: int(random, 1, 3) } : { limit, amount: int(random, 1, 40), perUnit: 1 },
    );
    const release = random() < (options.releaseRate ?? 0.1);
    // Half the requests cost their full worst case, so settled spend presses against the limits.
    const fractions = limits.map(() => (random() < 0.5 ? 1 : random()));
    const delay = int(random, 0, 3);
    const res = await store.reserve({ reservationId, items, units: { min: 1, max: int(random, 1, 60) }, leaseMs: 120_000, now: times?.reserve });
    if (!res.ok) {
      result.denied += 1;
      return;
    }
    res.items.forEach((item, k) => {
      if (limits[k]!.mode === 'hard' && item.used + item.reserved > limits[k]!.limit) result.overLimit.push(`${reservationId}:${item.limitId}`);
    });
    // Let other callers in while this request is "upstream".
    await new Promise((r) => setTimeout(r, delay));
    let status: SettleStatus | ReleaseStatus;
    if (release) {
      status = await store.release(reservationId);
      if (status === 'released') result.released += 1;
    } else {
      // The actual cost never exceeds what was reserved (max_tokens is capped to the grant).
      const amounts = res.items.map((item, k) => Math.floor(item.amount * fractions[k]!));
      status = await store.settle({ reservationId, amounts, now: times?.settle });
      if (status === 'settled') result.served.push({ reservationId, reserveAt: times?.reserve, amounts });
    }
    if (status !== 'settled' && status !== 'released') result.anomalies.push(`${reservationId}:${status}`);
  };
  await Promise.all(Array.from({ length: options.tasks }, (_, i) => task(i)));
  return result;
}

/** Sum of settled amounts per limit. */
export function ledgerSums(served: readonly Served[], limits: number): number[] {
  const sums = new Array<number>(limits).fill(0);
  for (const s of served) s.amounts.forEach((a, k) => (sums[k] = sums[k]! + a));
  return sums;
}

/**
 * A BudgetStore over a synchronous BudgetState, for the memory and SQLite stores. Every operation is one
 * call of `atomic`, which must make the step indivisible (see core.ts).
 */
import { adjustStep, extendStep, releaseStep, reserveStep, settleStep, SWEEP_BATCH_SIZE, sweepStep, takeStep, usageStep } from './core.js';
import type { BudgetState } from './state.js';
import { DEFAULT_SWEEP_INTERVAL_MS, startSweeper } from './sweeper.js';
import type {
  BudgetLimit,
  BudgetStore,
  BudgetUsage,
  ExtendStatus,
  ReleaseStatus,
  ReserveRequest,
  ReserveResult,
  SettleRequest,
  SettleStatus,
  TakeRequest,
  TakeResult,
} from './types.js';
import { checkLimit, clock, id, positive, normaliseReserve, normaliseRules, normaliseSettle } from './validate.js';

export type Atomic = <T>(step: (state: BudgetState) => T) => T;

export interface LocalStoreOptions {
  /** How often expired leases and old windows are swept; 0 disables (call `sweep()` yourself). */
  sweepIntervalMs?: number;
}

export class LocalBudgetStore implements BudgetStore {
  private readonly stopSweeper: () => void;
  private closed = false;

  constructor(
    readonly kind: string,
    private readonly atomic: Atomic,
    private readonly onClose: () => void,
    options: LocalStoreOptions = {},
  ) {
    this.stopSweeper = startSweeper(() => this.sweep(), options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS, kind);
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const r = normaliseReserve(request);
    return this.atomic((state) => reserveStep(state, r));
  }

  async settle(request: SettleRequest): Promise<SettleStatus> {
    const s = normaliseSettle(request);
    return this.atomic((state) => settleStep(state, s.reservationId, s.amounts));
  }

  async release(reservationId: string): Promise<ReleaseStatus> {
    id(reservationId, 'reservationId');
    return this.atomic((state) => releaseStep(state, reservationId));
  }

  async extend(reservationId: string, leaseMs: number, now?: number): Promise<ExtendStatus> {
    id(reservationId, 'reservationId');
    const until = clock(now) + positive(leaseMs, 'leaseMs');
    return this.atomic((state) => extendStep(state, reservationId, until));
  }

  async usage(limits: readonly BudgetLimit[], now?: number): Promise<BudgetUsage[]> {
    limits.forEach((limit, i) => checkLimit(limit, `limits[${i}]`));
    const t = clock(now);
    return this.atomic((state) => usageStep(state, limits, t));
  }

  async sweep(now?: number): Promise<{ reclaimed: number }> {
    const t = clock(now);
    let reclaimed = 0;
    // One transaction per batch, so a large backlog never holds the lock for long.
    for (;;) {
      const n = this.atomic((state) => sweepStep(state, t));
      reclaimed += n;
      if (n < SWEEP_BATCH_SIZE) return { reclaimed };
    }
  }

  async take(request: TakeRequest): Promise<TakeResult> {
    const { rules, now } = normaliseRules(request, false);
    return this.atomic((state) => takeStep(state, rules, now));
  }

  async adjust(request: TakeRequest): Promise<void> {
    const { rules, now } = normaliseRules(request, true);
    this.atomic((state) => adjustStep(state, rules, now));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopSweeper();
    this.onClose();
  }
}

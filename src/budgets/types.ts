/**
 * Budget and rate-limit state: the types every store speaks (memory, SQLite, Redis).
 *
 * Amounts are integers in the limit's unit: pico-USD (1e-12 USD, the ledger's `cost_pico`) for 'usd',
 * tokens for 'tokens'. Every amount, limit and counter must stay a safe integer (< 2^53, i.e. $9,007.19
 * per window for USD limits); inputs beyond that are refused rather than rounded.
 *
 * The bound: for every hard limit and window, settled spend never exceeds the limit, provided each
 * settled amount is at most what was reserved for it (the caller caps the upstream max_tokens to the
 * granted units and pads its input estimate) and no lease expires while its request is still running
 * (heartbeat with `extend`). A settle that breaks either condition is still recorded, so counters always
 * equal the ledger; the result says so.
 */

export type BudgetScope = 'key' | 'project' | 'session';
export type BudgetUnit = 'usd' | 'tokens';
/**
 * Calendar-aligned UTC windows; 'total' never resets. The window start is part of the counter's identity,
 * so a reset is simply a new counter: nothing is zeroed, nothing can be lost or counted twice.
 */
export type BudgetWindow = 'minute' | 'hour' | 'day' | 'month' | 'total';
export type BudgetMode = 'hard' | 'soft';

export interface BudgetLimit {
  /** Stable id naming the counter, e.g. `key:k_123:usd:day`. Two limits with one id share a counter. */
  id: string;
  scope: BudgetScope;
  /** The key id, project name or session id the limit applies to. */
  scopeId: string;
  unit: BudgetUnit;
  window: BudgetWindow;
  /** Integer in the unit (pico-USD or tokens). Read at every call, so a changed limit applies at once. */
  limit: number;
  /** Warn once used + reserved goes above this. Soft limits warn above `limit` when it is not set. */
  soft?: number;
  /** 'hard' refuses a request that could exceed `limit`; 'soft' never refuses, only warns. */
  mode: BudgetMode;
}

export interface ReserveItem {
  limit: BudgetLimit;
  /** The fixed part of the worst case, e.g. estimated input tokens x input price. */
  amount: number;
  /** Added once per granted unit (e.g. the output price per token); 0 when omitted. */
  perUnit?: number;
}

export interface ReserveRequest {
  /** Unique per upstream attempt; reusing a live id throws (`duplicate_reservation`). */
  reservationId: string;
  /** Reserved all or nothing, in one atomic step. */
  items: readonly ReserveItem[];
  /**
   * The variable part, e.g. output tokens: the store grants the largest whole number of units in
   * [min, max] that every hard limit affords, and refuses when even `min` does not fit. Without it no
   * units are granted and each item holds exactly `amount`. Give min = max to reserve all or nothing.
   */
  units?: { min: number; max: number };
  /** How long the reservation lives without `settle`, `release` or `extend`. */
  leaseMs: number;
  /** Clock override (ms since the epoch), for tests and replays. */
  now?: number;
}

/** Why a soft threshold was crossed: 'threshold' (the `soft` value) or 'exceeded' (a soft limit's `limit`). */
export type BudgetWarning = 'threshold' | 'exceeded';

export interface ReservedItem {
  limitId: string;
  /** Held by this reservation: amount + perUnit x units. */
  amount: number;
  /** Settled spend in the window. */
  used: number;
  /** Held by all live reservations in the window, this one included. */
  reserved: number;
  /** limit - used - reserved, never below 0. */
  remaining: number;
  /** When the window ends (ms since the epoch); null for 'total'. */
  resetsAt: number | null;
  warning: BudgetWarning | null;
}

export interface ReserveGranted {
  ok: true;
  reservationId: string;
  /** Units granted (0 when the request had no `units`); send this as the upstream max_tokens. */
  units: number;
  items: ReservedItem[];
}

export interface ReserveDenied {
  ok: false;
  /** The hard limit that refused; when several refuse, the one that resets last. */
  limit: BudgetLimit;
  used: number;
  reserved: number;
  /** The least this request needed on that limit (its amount at `units.min`). */
  requested: number;
  /** When that limit's window ends; null for 'total' (it never resets). */
  resetsAt: number | null;
}

export type ReserveResult = ReserveGranted | ReserveDenied;

/**
 * 'settled': the reservation was live and is now spend. 'late': its lease had already been reclaimed (the
 * spend is recorded anyway, so the bound may not hold for that window). 'unknown': no such reservation
 * (never made, already settled or released, or reclaimed more than an hour ago); nothing was recorded.
 * A repeated settle returns 'unknown', so a settle whose reply was lost is safe to retry.
 */
export type SettleStatus = 'settled' | 'late' | 'unknown';
/** 'expired': the lease had already been reclaimed, so there was nothing left to free. */
export type ReleaseStatus = 'released' | 'expired' | 'unknown';
/** 'expired': part or all of it had been reclaimed; what was still held is extended. */
export type ExtendStatus = 'extended' | 'expired' | 'unknown';

export interface SettleRequest {
  reservationId: string;
  /** The actual amounts, one per reserved item, in the order of the reserve's items. */
  amounts: readonly number[];
  now?: number;
}

export interface BudgetUsage {
  limitId: string;
  limit: number;
  used: number;
  reserved: number;
  remaining: number;
  windowStart: number;
  resetsAt: number | null;
}

/**
 * A rate rule: a GCRA (token bucket) of `burst` units refilled at `limit` units per `periodMs`. In any
 * period at most burst + limit units pass; sustained, exactly `limit` per period.
 */
export interface RateRule {
  /** Names the bucket, e.g. `key:k_1:rpm` or `model:gpt-4o:tpm`. */
  key: string;
  /** Units per period (requests, or tokens). */
  limit: number;
  /** Defaults to 60,000 (per minute). */
  periodMs?: number;
  /** Bucket size; defaults to `limit`. */
  burst?: number;
  /**
   * Units this call takes: 1 for a request, the estimated tokens for a token rule. In `adjust`, the
   * signed correction (actual - estimate) once the response is known.
   */
  cost: number;
}

export interface TakeRequest {
  /** Taken all or nothing, in one atomic step. */
  rules: readonly RateRule[];
  now?: number;
}

export type TakeResult =
  | { ok: true; /** Units left in each rule's bucket, in rule order. */ remaining: number[] }
  | {
      ok: false;
      /** The rule that refused; when several refuse, the one that waits longest. */
      key: string;
      /** Wait before retrying (ms, rounded up); null when the cost exceeds the bucket and never fits. */
      retryAfterMs: number | null;
    };

export interface RateLimiter {
  take(request: TakeRequest): Promise<TakeResult>;
  /**
   * Charges (cost > 0) or refunds (cost < 0) without checking: a token rule charges the estimate in
   * `take` and corrects it here. A refund never fills a bucket beyond full.
   */
  adjust(request: TakeRequest): Promise<void>;
}

export interface BudgetStore extends RateLimiter {
  /** 'memory', 'sqlite' or 'redis'. */
  readonly kind: string;
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  settle(request: SettleRequest): Promise<SettleStatus>;
  release(reservationId: string): Promise<ReleaseStatus>;
  /** Heartbeat for long requests: the lease becomes now + leaseMs. */
  extend(reservationId: string, leaseMs: number, now?: number): Promise<ExtendStatus>;
  /** Counters of the current window of each limit (expired leases are reclaimed first). */
  usage(limits: readonly BudgetLimit[], now?: number): Promise<BudgetUsage[]>;
  /**
   * Reclaims expired leases everywhere and drops state past its retention. `reserve` and `usage` already
   * reclaim what they touch, so this only tidies; stores also run it on a timer.
   */
  sweep(now?: number): Promise<{ reclaimed: number }>;
  close(): Promise<void>;
}

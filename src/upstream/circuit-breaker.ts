/**
 * In-memory circuit breakers, one per target key. closed -> open after `failureThreshold` consecutive
 * failures, or when the failure rate within a tumbling window reaches `failureRate` (with at least
 * `minimumRequests` outcomes, so two failures out of three do not trip it); open -> half-open after
 * `cooldownMs`, where exactly one probe is let through; the probe's success closes it, failure re-opens.
 *
 * Callers report only failures that say something about the upstream's health (retryable kinds); a 400
 * is the client's fault and is reported as a success (the upstream answered).
 * Per-process state; a shared (Redis) implementation can offer the same four methods.
 */
import { log } from '../util/log.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** Failure ratio (0..1] within a window that opens the circuit; 0 disables. Default 0.5. */
  failureRate?: number;
  /** Outcomes needed in the window before `failureRate` applies. Default 20. */
  minimumRequests?: number;
  /** Length of the tumbling window for the failure rate. Default 30 s. */
  windowMs?: number;
  /** How long the circuit stays open before a probe. Default 30 s. */
  cooldownMs?: number;
  /** A probe that never reports (its caller vanished) frees the slot after this. Default `cooldownMs`. */
  probeTimeoutMs?: number;
  /** Clock in ms; injectable for tests. Default `Date.now`. */
  now?: () => number;
}

export interface CircuitSnapshot {
  key: string;
  state: CircuitState;
  consecutiveFailures: number;
  windowRequests: number;
  windowFailures: number;
  /** When the circuit last opened (clock ms), if it is not closed. */
  openedAt?: number;
  /** When an open circuit will let a probe through (clock ms). */
  probeAt?: number;
}

interface Entry {
  state: CircuitState;
  consecutive: number;
  windowStart: number;
  windowTotal: number;
  windowFailures: number;
  openedAt: number;
  /** Clock time the half-open probe was granted, or -1 when no probe is out. */
  probeSince: number;
}

export class CircuitBreaker {
  private readonly entries = new Map<string, Entry>();
  private readonly threshold: number;
  private readonly rate: number;
  private readonly minimum: number;
  private readonly windowMs: number;
  private readonly cooldownMs: number;
  private readonly probeTimeoutMs: number;
  private readonly now: () => number;

  constructor(opts: CircuitBreakerOptions = {}) {
    this.threshold = positive('failureThreshold', opts.failureThreshold ?? 5);
    this.rate = opts.failureRate ?? 0.5;
    if (!(this.rate >= 0 && this.rate <= 1)) throw new RangeError('failureRate must be within 0..1');
    this.minimum = positive('minimumRequests', opts.minimumRequests ?? 20);
    this.windowMs = positive('windowMs', opts.windowMs ?? 30_000);
    this.cooldownMs = positive('cooldownMs', opts.cooldownMs ?? 30_000);
    this.probeTimeoutMs = positive('probeTimeoutMs', opts.probeTimeoutMs ?? this.cooldownMs);
    this.now = opts.now ?? Date.now;
  }

  /**
   * True when a request to `key` must not be sent. In half-open state the first caller gets `false`
   * (it is the probe) and everyone else `true` until the probe reports or times out.
   */
  isOpen(key: string): boolean {
    const e = this.entries.get(key);
    if (e === undefined || e.state === 'closed') return false;
    const now = this.now();
    if (e.state === 'open') {
      if (now - e.openedAt < this.cooldownMs) return true;
      e.state = 'half_open';
      e.probeSince = now;
      return false;
    }
    if (e.probeSince >= 0 && now - e.probeSince < this.probeTimeoutMs) return true;
    e.probeSince = now;
    return false;
  }

  /** Read-only health: false only while the circuit is open and cooling down (never grants a probe). */
  healthy(key: string): boolean {
    const e = this.entries.get(key);
    return e === undefined || e.state !== 'open' || this.now() - e.openedAt >= this.cooldownMs;
  }

  onSuccess(key: string): void {
    const e = this.entries.get(key) ?? this.create(key);
    this.roll(e);
    e.windowTotal++;
    e.consecutive = 0;
    if (e.state !== 'closed') {
      e.state = 'closed';
      e.probeSince = -1;
      e.windowStart = this.now();
      e.windowTotal = 0;
      e.windowFailures = 0;
      log.info('circuit closed', { target: key });
    }
  }

  /**
   * An answer that says nothing about health, such as a 429 (the upstream answered; it is busy for this
   * key). It neither counts as a failure nor resets the failure count; a half-open probe that gets one has
   * reached the upstream, so the circuit closes.
   */
  onNeutral(key: string): void {
    const e = this.entries.get(key);
    if (e?.state === 'half_open') this.onSuccess(key);
  }

  onFailure(key: string): void {
    const e = this.entries.get(key) ?? this.create(key);
    this.roll(e);
    e.windowTotal++;
    e.windowFailures++;
    e.consecutive++;
    if (e.state === 'half_open') this.open(key, e, 'probe failed');
    else if (e.state === 'closed') {
      if (e.consecutive >= this.threshold) this.open(key, e, 'consecutive failures');
      else if (this.rate > 0 && e.windowTotal >= this.minimum && e.windowFailures >= this.rate * e.windowTotal) {
        this.open(key, e, 'failure rate');
      }
    }
  }

  /** State of every known target, for health reporting. Does not grant probes. */
  snapshot(): CircuitSnapshot[] {
    const now = this.now();
    const out: CircuitSnapshot[] = [];
    for (const [key, e] of this.entries) {
      const state: CircuitState = e.state === 'open' && now - e.openedAt >= this.cooldownMs ? 'half_open' : e.state;
      const fresh = now - e.windowStart < this.windowMs;
      const s: CircuitSnapshot = {
        key,
        state,
        consecutiveFailures: e.consecutive,
        windowRequests: fresh ? e.windowTotal : 0,
        windowFailures: fresh ? e.windowFailures : 0,
      };
      if (e.state !== 'closed') {
        s.openedAt = e.openedAt;
        s.probeAt = e.openedAt + this.cooldownMs;
      }
      out.push(s);
    }
    return out;
  }

  /** Forget one target's history, or all of them. */
  reset(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private create(key: string): Entry {
    const e: Entry = {
      state: 'closed',
      consecutive: 0,
      windowStart: this.now(),
      windowTotal: 0,
      windowFailures: 0,
      openedAt: 0,
      probeSince: -1,
    };
    this.entries.set(key, e);
    return e;
  }

  private roll(e: Entry): void {
    const now = this.now();
    if (now - e.windowStart >= this.windowMs) {
      e.windowStart = now;
      e.windowTotal = 0;
      e.windowFailures = 0;
    }
  }

  private open(key: string, e: Entry, why: string): void {
    e.state = 'open';
    e.openedAt = this.now();
    e.probeSince = -1;
    log.warn('circuit opened', {
      target: key,
      reason: why,
      consecutiveFailures: e.consecutive,
      cooldownMs: this.cooldownMs,
    });
  }
}

function positive(name: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a positive number`);
  return v;
}

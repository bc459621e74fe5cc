/** Everything the request pipeline needs, built once at start-up. */
import type { Config } from '../config/types.js';
import type { Ledger } from '../ledger/types.js';
import type { ModelRegistry } from '../routing/registry.js';
import type { Router } from '../routing/plan.js';
import type { Price } from '../spec/provider.js';
import type { CircuitBreaker } from '../upstream/circuit-breaker.js';

export interface Gateway {
  readonly config: Config;
  readonly registry: ModelRegistry;
  readonly router: Router;
  readonly ledger: Ledger;
  readonly breaker: CircuitBreaker;
  /** Prices of the all-premium baseline model. */
  readonly baselinePrice: Price;
}

/** Per-request facts gathered before the pipeline runs. */
export interface RequestContext {
  requestId: string;
  /** Arrival, ms since the epoch (ledger time). */
  time: number;
  /** Arrival, performance.now() (latency). */
  start: number;
  keyId: string | null;
  project: string | null;
  session: string | null;
  headers: Record<string, string | string[] | undefined>;
}

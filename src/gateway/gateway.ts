/** Everything the request pipeline needs, built once at start-up. */
import type { Config } from '../config/types.js';
import type { Ledger } from '../ledger/types.js';
import type { ModelRegistry } from '../routing/registry.js';
import type { Router } from '../routing/plan.js';
import type { JurisdictionLists } from '../routing/constraints/types.js';
import type { Price } from '../spec/provider.js';
import type { CircuitBreaker } from '../upstream/circuit-breaker.js';
import type { BudgetGuard, Principal } from './budget-guard.js';
import type { KeyVerifier } from '../server/auth.js';
import type { KeyStore } from '../keys/types.js';

export interface Gateway {
  readonly config: Config;
  readonly registry: ModelRegistry;
  readonly router: Router;
  readonly ledger: Ledger;
  readonly breaker: CircuitBreaker;
  /** Prices of the all-premium baseline model. */
  readonly baselinePrice: Price;
  readonly guard: BudgetGuard;
  /** Virtual-key verification (cached); null when no key store is configured. */
  readonly keys: KeyVerifier | null;
  /** Key management for the admin API; null when the ledger is `none`. */
  readonly keyStore: KeyStore | null;
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
  /** Who pays: key, project and session with their budgets (set by authentication). */
  principal: Principal;
  /** Models, routes or globs the caller's key may use; undefined = any. */
  allowed?: RegExp[];
  /** The caller's key's jurisdiction lists; undefined = anywhere. */
  jurisdictions?: JurisdictionLists;
  headers: Record<string, string | string[] | undefined>;
  /** The gateway's input-token estimate for the request, once parsed (routing, budgets, the ledger). */
  inputEstimate?: number;
}

/** The validated, frozen configuration every module reads. Built once by `loadConfig`. */
import type { ProviderConfig } from '../spec/provider.js';
import type { CatalogPrice } from '../catalog/types.js';

export interface ModelConfig {
  id: string;
  provider: string;
  upstream: string;
  price?: CatalogPrice;
  context_window?: number;
  max_output?: number;
}

export interface RouteConfig {
  name: string;
  /** `fallback` by default; other strategies come with the routing issue. */
  strategy: string;
  targets: string[];
  /** Strategy-specific settings kept as given (validated by the strategy). */
  options: Readonly<Record<string, unknown>>;
}

export interface UpstreamTimeouts {
  connectMs: number;
  firstByteMs: number;
  /** Longest silence allowed between two stream chunks. */
  idleMs: number;
  totalMs: number;
}

export interface RetryPolicy {
  /** Attempts on one target, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the next target is tried instead. */
  retryAfterCapMs: number;
}

/** A budget as configured (USD limits as decimals; converted to integer units by the budget guard). */
export interface BudgetConfig {
  unit: 'usd' | 'tokens';
  window: 'minute' | 'hour' | 'day' | 'month' | 'total';
  limit: number;
  mode: 'hard' | 'soft' | 'degrade';
  soft?: number;
  degrade_to?: string;
}

export interface RateLimitConfig {
  rpm?: number;
  tpm?: number;
}

export interface Config {
  /**
   * `clientTimeoutMs`: how long a client may take to send its request body (then 408), and to take the next
   * piece of a stream it is not reading (then the stream is cut and recorded as the client's leaving).
   */
  server: { host: string; port: number; bodyLimitBytes: number; clientTimeoutMs: number };
  /** `sqlite:PATH`, `postgres://...`, or `none`. */
  ledger: string;
  /** Budget and rate-limit state: `memory`, `sqlite:PATH` or `redis://HOST:PORT[/DB]`. */
  state: string;
  /** Model id whose prices give the all-premium baseline cost. */
  baseline: string;
  adminKey?: string;
  providers: Readonly<Record<string, ProviderConfig>>;
  models: readonly ModelConfig[];
  routes: Readonly<Record<string, RouteConfig>>;
  /** Client model name or glob -> model id or route, first match wins (file order). */
  modelMap: readonly { pattern: string; target: string }[];
  timeouts: UpstreamTimeouts;
  retry: RetryPolicy;
  /** True when no provider was configured and the in-process emulator serves every model. */
  sandbox: boolean;
  /** Store prompts in the ledger (off by default: prompts may hold personal data). */
  logPrompts: boolean;
  /** Router weights file (relative paths resolved against the config file); the shipped weights when absent. */
  routerWeights?: string;
  /** Quality-knob calibration file written by `switchyard route calibrate`; the weights' own table when absent. */
  routerCalibration?: string;
  /** Budgets and rate limits per project (every key of the project shares them). */
  projects: Readonly<Record<string, { budgets: readonly BudgetConfig[]; rateLimits?: RateLimitConfig }>>;
  /** Budgets applied to each agent run (`x-switchyard-session`) separately. */
  sessionBudgets: readonly BudgetConfig[];
  /** Rate limits per served model id. */
  modelRateLimits: Readonly<Record<string, RateLimitConfig>>;
  /**
   * `before_response`: a response completes only once its ledger row is stored (group commit), so no
   * completed request is lost even to SIGKILL. `background`: rows are written behind the response.
   */
  ledgerCommit: 'before_response' | 'background';
  /** Lease of a budget reservation; live requests renew it, a crashed instance's expire after it. */
  budgetLeaseMs: number;
  /** Where the config came from: a file path, `env`, or `sandbox`. */
  source: string;
}

/**
 * Virtual keys: the bearer secrets clients send to the gateway. A key belongs to a project, may restrict
 * the models and routes it can use, and may carry budgets and rate limits of its own.
 *
 * The secret (`sy-` + 40 base62 characters) is returned once, by `create`, and never stored: stores keep
 * its SHA-256 and the first characters (`prefix`) for display. Every object a store returns is frozen.
 */

export const BUDGET_UNITS = ['usd', 'tokens'] as const;
/** Calendar-aligned UTC windows; `total` never resets. */
export const BUDGET_WINDOWS = ['minute', 'hour', 'day', 'month', 'total'] as const;
export const BUDGET_MODES = ['hard', 'soft'] as const;

export type BudgetUnit = (typeof BUDGET_UNITS)[number];
export type BudgetWindow = (typeof BUDGET_WINDOWS)[number];
export type BudgetMode = (typeof BUDGET_MODES)[number];

export interface KeyBudget {
  unit: BudgetUnit;
  window: BudgetWindow;
  /** USD as a decimal number for `usd` (at most $9,007.19 per window), whole tokens for `tokens`. */
  limit: number;
  /** `hard` (the default) refuses a request that could exceed the limit; `soft` only warns. */
  mode?: BudgetMode;
}

export interface KeyRateLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens per minute. */
  tpm?: number;
}

export interface VirtualKey {
  /** Public identifier (`vk_...`): what the ledger records as `key_id` and what commands take. */
  id: string;
  project: string;
  name?: string;
  /** The secret's first characters (`sy-` + 6), to recognise a key without revealing it. */
  prefix: string;
  /** ms since the epoch. */
  created_at: number;
  /** ms since the epoch; a revoked key no longer verifies. */
  revoked_at?: number;
  /** Model ids, routes or globs (`deepseek-*`) the key may use; absent: any. */
  allowed_models?: string[];
  /** One budget per unit and window at most. */
  budgets: KeyBudget[];
  rate_limits?: KeyRateLimits;
  /** Where this key's requests may be served (provider jurisdictions); absent: anywhere. */
  jurisdictions?: KeyJurisdictions;
  metadata?: Record<string, string>;
}

/**
 * Jurisdiction lists of a key (ISO country codes, `EU`, `local`, `unknown`), applied before any routing
 * choice together with the route's lists and the request's `x-switchyard-jurisdictions`: every list
 * must allow the provider, so a request can narrow its key's lists but never widen them.
 */
export interface KeyJurisdictions {
  allow?: string[];
  deny?: string[];
}

/** What `create` takes; validated (see `parseKeyInput`). */
export interface KeyInput {
  project: string;
  name?: string;
  allowed_models?: string[];
  budgets?: KeyBudget[];
  rate_limits?: KeyRateLimits;
  jurisdictions?: KeyJurisdictions;
  metadata?: Record<string, string>;
}

/**
 * What `update` takes: only the fields present change. `null` removes an optional field; `budgets`
 * replaces the whole list (`[]` removes every budget); `metadata` replaces the whole map.
 */
export interface KeyPatch {
  project?: string;
  name?: string | null;
  allowed_models?: string[] | null;
  budgets?: KeyBudget[];
  rate_limits?: KeyRateLimits | null;
  jurisdictions?: KeyJurisdictions | null;
  metadata?: Record<string, string> | null;
}

export interface CreatedKey {
  key: VirtualKey;
  /** The full secret. Shown to the user once; no store keeps it. */
  secret: string;
}

export interface ListKeysQuery {
  project?: string;
  /** Revoked keys are left out unless this is true. */
  includeRevoked?: boolean;
}

/** Resolves a presented secret to its key. */
export interface KeyVerifier {
  /** The key the secret belongs to, or null when it is unknown, malformed or revoked. */
  verify(secret: string): Promise<VirtualKey | null>;
}

export interface KeyStore extends KeyVerifier {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /** Validates the input (throws KeyValidationError), then stores a new key. */
  create(input: KeyInput): Promise<CreatedKey>;
  /** The key, revoked or not; null when there is none with this id. */
  get(id: string): Promise<VirtualKey | null>;
  /** Oldest first. */
  list(query?: ListKeysQuery): Promise<VirtualKey[]>;
  /** Validates the patch (throws KeyValidationError) and applies it; null when there is no such key. A revoked key stays revoked. */
  update(id: string, patch: KeyPatch): Promise<VirtualKey | null>;
  /** Revokes the key (idempotent: the first revocation time is kept); null when there is no such key. */
  revoke(id: string): Promise<VirtualKey | null>;
  close(): Promise<void>;
}

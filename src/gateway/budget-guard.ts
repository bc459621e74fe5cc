/**
 * Budgets and rate limits on the request path. Before the upstream call the worst case is reserved
 * atomically (all limits at once); without a client max_tokens the upstream max_tokens is capped to what
 * the tightest budget affords. When the answer ends the reservation is settled to the exact cost the
 * ledger records, or released on failure. Live reservations renew their lease; a crashed instance's expire.
 */
import { randomBytes } from 'node:crypto';
import type { BudgetLimit, BudgetStore, RateRule, ReserveDenied } from '../budgets/index.js';
import { planReservation, settleAmounts, upstreamMaxTokens, type RequestEstimate } from '../budgets/index.js';
import type { BudgetConfig, Config, RateLimitConfig } from '../config/types.js';
import { GatewayError } from '../errors.js';
import { pricePerTokenPico, usdToPico } from '../metering/money.js';
import type { ModelEntry } from '../routing/registry.js';
import type { ChatRequest, Usage } from '../spec/chat.js';
import { log } from '../util/log.js';

/** A budget as the guard needs it (config budgets and key budgets both fit). */
export type BudgetSpec = Omit<BudgetConfig, 'mode'> & { mode?: BudgetConfig['mode'] };

/** What a request is attributed to. `keyId` null: auth is off (anonymous). */
export interface Principal {
  keyId: string | null;
  project: string | null;
  session: string | null;
  /** The key's own budgets and rate limits. */
  keyBudgets?: readonly BudgetSpec[];
  keyRateLimits?: RateLimitConfig;
}

export interface Admission {
  reservationId: string | null;
  limits: BudgetLimit[];
  /** Warnings for soft thresholds, as `x-switchyard-budget-warning`. */
  warnings: string[];
  /** Token-rate rules charged with the estimate, corrected on settle. */
  tokenRules: RateRule[];
  /** Model token-rate rules of the targets tried: only the one that answered is corrected on settle. */
  modelTokenRules?: { modelId: string; rule: RateRule }[];
  inputEstimate: number;
  /** The max_tokens to send upstream in place of the client's (none: send the request as it is). */
  maxTokensCap?: number;
}

export const NO_ADMISSION: Admission = Object.freeze({ reservationId: null, limits: [], warnings: [], tokenRules: [], inputEstimate: 0 }) as Admission;
const DEFAULT_OUTPUT_CEILING = 8192;
const NO_RULES: readonly RateRule[] = Object.freeze([]);
const INPUT_PADDING = 1.25;

/**
 * A session budget's counter id. Clients choose session ids, so two tenants may pick the same one: the
 * counter belongs to the key (else the project) that runs the session, never to the bare id.
 */
export function sessionScope(keyId: string | null, project: string | null, session: string): string {
  return `${keyId ?? (project !== null ? `project:${project}` : 'anonymous')}/${session}`;
}

export function toLimit(b: BudgetSpec, scope: BudgetLimit['scope'], scopeId: string): BudgetLimit {
  const amount = (v: number) => (b.unit === 'usd' ? usdToPico(v) : v);
  const limit: BudgetLimit = {
    id: `${scope}:${scopeId}:${b.unit}:${b.window}`,
    scope,
    scopeId,
    unit: b.unit,
    window: b.window,
    limit: amount(b.limit),
    mode: b.mode === 'soft' ? 'soft' : 'hard',
  };
  if (b.soft !== undefined) limit.soft = amount(b.soft);
  return limit;
}

function describeLimit(l: BudgetLimit): string {
  const value = l.unit === 'usd' ? `$${(l.limit / 1e12).toFixed(6).replace(/\.?0+$/, '')}` : `${l.limit} tokens`;
  return `${l.scope} "${l.scopeId}" ${l.unit} budget of ${value} per ${l.window}`;
}

export class BudgetGuard {
  private readonly active = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly prefix = randomBytes(4).toString('hex');
  private seq = 0;
  /** No model rate limits configured (project and session budgets are checked per principal). */
  private readonly unlimited: boolean;

  constructor(
    readonly store: BudgetStore,
    private readonly config: Config,
  ) {
    this.unlimited = Object.keys(config.modelRateLimits).length === 0;
    const lease = config.budgetLeaseMs;
    this.heartbeat = setInterval(() => this.renew(), Math.max(250, Math.floor(lease / 3)));
    this.heartbeat.unref();
  }

  /** Every configured limit that applies to this principal. */
  limitsFor(p: Principal): BudgetLimit[] {
    const limits: BudgetLimit[] = [];
    if (p.keyId) for (const b of p.keyBudgets ?? []) limits.push(toLimit(b, 'key', p.keyId));
    if (p.project) for (const b of this.config.projects[p.project]?.budgets ?? []) limits.push(toLimit(b, 'project', p.project));
    if (p.session) for (const b of this.config.sessionBudgets) limits.push(toLimit(b, 'session', sessionScope(p.keyId, p.project, p.session)));
    return limits;
  }

  /** True when no budget or rate limit can apply to this principal: the request path skips the store. */
  isFree(p: Principal): boolean {
    return (
      this.unlimited &&
      !(p.keyId && (p.keyBudgets?.length || p.keyRateLimits)) &&
      !(p.project && this.config.projects[p.project]) &&
      !(p.session && this.config.sessionBudgets.length)
    );
  }

  /** Degrade budgets past their threshold name a cheaper route to use instead. */
  async degradeTarget(p: Principal): Promise<string | null> {
    const candidates: { budget: BudgetSpec; limit: BudgetLimit }[] = [];
    const add = (list: readonly BudgetSpec[] | undefined, scope: BudgetLimit['scope'], id: string | null) => {
      if (!id) return;
      for (const b of list ?? []) if (b.mode === 'degrade') candidates.push({ budget: b, limit: toLimit(b, scope, id) });
    };
    add(p.keyBudgets, 'key', p.keyId);
    add(p.project ? this.config.projects[p.project]?.budgets : undefined, 'project', p.project);
    add(this.config.sessionBudgets, 'session', p.session ? sessionScope(p.keyId, p.project, p.session) : null);
    if (candidates.length === 0) return null;
    const usage = await this.store.usage(candidates.map((c) => c.limit));
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const u = usage[i]!;
      const threshold = c.limit.soft ?? Math.floor(c.limit.limit * 0.8);
      if (u.used + u.reserved >= threshold) return c.budget.degrade_to ?? null;
    }
    return null;
  }

  /**
   * Rate limits, then the reservation. When the client sent no max_tokens, `maxTokensCap` is what the
   * budget affords (`executePlan` sends it as `outputCap`). Throws 429 GatewayErrors naming the limit.
   */
  async admit(request: ChatRequest, targets: readonly ModelEntry[], p: Principal, inputEstimate: number): Promise<Admission> {
    const limits = this.limitsFor(p);
    refuseUnpriced(limits, targets);
    const rules = this.rateRules(p, inputEstimate);
    // With model rate limits configured, `takeModel` adds each tried model's token rule to the admission.
    if (limits.length === 0 && rules.length === 0) return this.unlimited ? NO_ADMISSION : { reservationId: null, limits, warnings: [], tokenRules: [], inputEstimate };
    if (rules.length > 0) {
      const taken = await this.store.take({ rules });
      if (!taken.ok) throw rateLimitError(taken.key, taken.retryAfterMs, rules);
    }
    const tokenRules = rules.filter((r) => r.key.endsWith(':tpm'));
    if (limits.length === 0) return { reservationId: null, limits, warnings: [], tokenRules, inputEstimate };

    const estimate = this.estimate(request, targets, inputEstimate);
    const plan = planReservation(limits, estimate);
    const reservationId = `${this.prefix}-${(++this.seq).toString(36)}`;
    const result = await this.store.reserve({ reservationId, items: plan.items, units: plan.units, leaseMs: this.config.budgetLeaseMs });
    if (!result.ok) {
      if (tokenRules.length) await this.refundTokens(tokenRules, inputEstimate);
      throw budgetDenial(result);
    }
    this.active.add(reservationId);
    const cap = upstreamMaxTokens(estimate, result.units);
    const warnings: string[] = [];
    for (const item of result.items) {
      if (!item.warning) continue;
      const limit = limits.find((l) => l.id === item.limitId);
      // remaining in the limit's unit: USD (`$0.001272`) or tokens, never raw pico-dollars
      warnings.push(`${item.limitId} ${item.warning} (remaining ${limit ? fmt(limit, item.remaining) : item.remaining})`);
    }
    const admission: Admission = { reservationId, limits, warnings, tokenRules, inputEstimate };
    if (cap !== null && estimate.maxTokens === null) admission.maxTokensCap = cap;
    return admission;
  }

  /**
   * Settle to the exact metered cost; the ledger records the same number. `servedModel`'s token rate is
   * corrected to the tokens used; targets that failed before it keep their input estimate.
   * `extraTokens`: tokens of other calls the request made and is billed for (calls cut by total_ms before
   * the answer). They count for the key's and project's token limits and budgets, not for the served
   * model's rate limit.
   */
  async settle(a: Admission, costPico: number, usage: Usage, servedModel?: string, extraTokens = 0): Promise<void> {
    const own = usage.input + usage.cacheRead + usage.cacheWrite + usage.output;
    const tokens = own + extraTokens;
    const served = a.modelTokenRules ? a.modelTokenRules.filter((m) => m.modelId === servedModel).map((m) => m.rule) : NO_RULES;
    if (extraTokens === 0 && served.length) await this.correctTokens([...a.tokenRules, ...served], own - a.inputEstimate);
    else {
      if (a.tokenRules.length) await this.correctTokens(a.tokenRules, tokens - a.inputEstimate);
      if (served.length) await this.correctTokens(served, own - a.inputEstimate);
    }
    if (!a.reservationId) return;
    this.active.delete(a.reservationId);
    try {
      const status = await this.store.settle({ reservationId: a.reservationId, amounts: settleAmounts(a.limits, { costPico, tokens }) });
      if (status !== 'settled') log.warn('budget settle after lease expiry', { reservation: a.reservationId, status });
    } catch (err) {
      log.error('budget settle failed', { reservation: a.reservationId, err: err as Error });
    }
  }

  async release(a: Admission): Promise<void> {
    const rules = a.modelTokenRules?.length ? [...a.tokenRules, ...a.modelTokenRules.map((m) => m.rule)] : a.tokenRules;
    if (rules.length) await this.refundTokens(rules, a.inputEstimate);
    if (!a.reservationId) return;
    this.active.delete(a.reservationId);
    await this.store.release(a.reservationId).catch((err: unknown) => log.error('budget release failed', { err: err as Error }));
  }

  private estimate(request: ChatRequest, targets: readonly ModelEntry[], inputTokens: number): RequestEstimate {
    let inPrice = 0;
    let outPrice = 0;
    let ceiling = 0;
    for (const t of targets) {
      inPrice = Math.max(inPrice, pricePerTokenPico(Math.max(t.price.input, t.price.cacheWrite ?? 0, t.price.cacheWrite1h ?? 0, t.price.cacheRead ?? 0)));
      outPrice = Math.max(outPrice, pricePerTokenPico(t.price.output));
      ceiling = Math.max(ceiling, t.maxOutput ?? DEFAULT_OUTPUT_CEILING);
    }
    const asked = request.max_completion_tokens ?? request.max_tokens;
    // Pad the estimate so the reservation stays a worst case when a provider's tokenizer counts higher.
    inputTokens = Math.ceil(inputTokens * INPUT_PADDING) + 16;
    return {
      inputTokens,
      inputPicoPerToken: inPrice,
      outputPicoPerToken: outPrice,
      maxTokens: asked ?? null,
      outputCeiling: ceiling,
      ceilingAssumed: targets.some((t) => t.maxOutput === undefined),
      thinkingTokens: thinkingOnTop(thinkingBudget(request), asked, targets),
    };
  }

  private rateRules(p: Principal, inputEstimate: number): RateRule[] {
    const rules: RateRule[] = [];
    if (p.keyId) addRateRules(rules, `key:${p.keyId}`, p.keyRateLimits, inputEstimate);
    if (p.project) addRateRules(rules, `project:${p.project}`, this.config.projects[p.project]?.rateLimits, inputEstimate);
    return rules;
  }

  /**
   * The per-target check for `executePlan` (model rate limits, taken as the chain reaches each target),
   * or undefined when no model has a rate limit.
   */
  modelLimiter(a: Admission): ((target: ModelEntry) => Promise<GatewayError | null> | null) | undefined {
    if (this.unlimited || a === NO_ADMISSION) return undefined;
    return (target) => (this.config.modelRateLimits[target.modelId] === undefined ? null : this.takeModel(a, target));
  }

  /**
   * Takes `target`'s model rate limits just before it is called, so a fallback target's limit holds as
   * well as the first one's. Null when admitted (its token rule joins `a`, corrected on settle); the 429
   * to move on with otherwise.
   */
  async takeModel(a: Admission, target: ModelEntry): Promise<GatewayError | null> {
    const rules: RateRule[] = [];
    addRateRules(rules, `model:${target.modelId}`, this.config.modelRateLimits[target.modelId], a.inputEstimate);
    if (rules.length === 0) return null;
    const taken = await this.store.take({ rules });
    if (!taken.ok) return rateLimitError(taken.key, taken.retryAfterMs, rules);
    if (a !== NO_ADMISSION) for (const rule of rules) if (rule.key.endsWith(':tpm')) (a.modelTokenRules ??= []).push({ modelId: target.modelId, rule });
    return null;
  }

  private async correctTokens(rules: readonly RateRule[], delta: number): Promise<void> {
    if (delta === 0) return;
    await this.store.adjust({ rules: rules.map((r) => ({ ...r, cost: delta })) }).catch((err: unknown) => log.warn('rate adjust failed', { err: err as Error }));
  }

  private refundTokens(rules: RateRule[], estimate: number): Promise<void> {
    return this.correctTokens(rules, -estimate);
  }

  private renew(): void {
    for (const id of this.active) {
      this.store.extend(id, this.config.budgetLeaseMs).catch((err: unknown) => log.warn('budget lease renewal failed', { err: err as Error }));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.store.close();
  }
}

function addRateRules(rules: RateRule[], prefix: string, rl: RateLimitConfig | undefined, inputEstimate: number): void {
  if (!rl) return;
  if (rl.rpm) rules.push({ key: `${prefix}:rpm`, limit: rl.rpm, cost: 1 });
  if (rl.tpm) rules.push({ key: `${prefix}:tpm`, limit: rl.tpm, cost: inputEstimate });
}

function rateLimitError(key: string, retryAfterMs: number | null, rules: readonly RateRule[]): GatewayError {
  if (retryAfterMs === null) {
    // bigger than the whole bucket: it would never pass, so no Retry-After invites a retry
    const rule = rules.find((r) => r.key === key);
    const size = rule ? ` (this request counts ${rule.cost}, the limit is ${rule.limit} per minute)` : '';
    return new GatewayError('SY_ERR_RATE_LIMITED', `rate limit ${key} can never admit this request${size}: shorten it or raise the limit`);
  }
  const retry = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GatewayError('SY_ERR_RATE_LIMITED', `rate limit ${key} exceeded; retry in ${retry} s`, null, { retryAfterSec: retry });
}

/**
 * A model without a known price is metered at $0, so a USD budget could not hold it: fail closed rather
 * than serve it free of charge.
 */
function refuseUnpriced(limits: readonly BudgetLimit[], targets: readonly ModelEntry[]): void {
  const usd = limits.find((l) => l.unit === 'usd');
  if (!usd) return;
  const unpriced = targets.find((t) => !t.priced);
  if (!unpriced) return;
  throw new GatewayError(
    'SY_ERR_NO_ELIGIBLE_MODEL',
    `model "${unpriced.modelId}" has no known price, so the ${describeLimit(usd)} cannot meter it; give it a price under models[] in the config or use a priced model`,
    'model',
  );
}

/** `thinking.budget_tokens` when thinking is on (both doors validate it: an integer 1..1e7). */
function thinkingBudget(request: ChatRequest): number {
  return request.thinking?.type === 'enabled' ? request.thinking.budget_tokens : 0;
}

/**
 * Thinking tokens that may come on top of max_tokens. An Anthropic upstream counts thinking inside
 * max_tokens and is sent budget + max_tokens only when max_tokens does not exceed the budget (the
 * converter's rule); OpenAI-protocol upstreams with a thinking switch may add the whole budget.
 */
function thinkingOnTop(budget: number, asked: number | undefined, targets: readonly ModelEntry[]): number {
  if (budget === 0) return 0;
  if (asked === undefined) return budget; // the grant is split: thinking, then the visible answer
  let extra = 0;
  for (const t of targets) extra = Math.max(extra, t.provider.protocol === 'anthropic' && budget < asked ? 0 : budget);
  return extra;
}

/** Seconds to wait when only other requests' in-flight reservations stand in the way. */
const IN_FLIGHT_RETRY_SEC = 2;

/**
 * The 429 for a refused reservation. Three causes read differently: the window is spent (retry at its
 * reset), in-flight requests hold the rest (retry in seconds), or this request alone needs more than the
 * whole budget (retrying cannot help: lower max_tokens).
 */
function budgetDenial(result: ReserveDenied): GatewayError {
  const l = result.limit;
  const needs = `${describeLimit(l)} would be exceeded (used ${fmt(l, result.used)}, reserved ${fmt(l, result.reserved)}, this request needs up to ${fmt(l, result.requested)})`;
  const resets = result.resetsAt === null ? 'it never resets (window: total)' : `it resets at ${new Date(result.resetsAt).toISOString()}`;
  if (result.requested > l.limit) {
    return new GatewayError('SY_ERR_BUDGET_EXCEEDED', `${needs}; this request alone needs more than the whole budget: lower max_tokens or shorten the input (${resets})`);
  }
  if (result.used + result.requested <= l.limit) {
    return new GatewayError('SY_ERR_BUDGET_EXCEEDED', `${needs}; requests in flight hold the rest: retry when they finish (${resets})`, null, { retryAfterSec: IN_FLIGHT_RETRY_SEC });
  }
  const retryAfterSec = result.resetsAt === null ? undefined : Math.max(1, Math.ceil((result.resetsAt - Date.now()) / 1000));
  return new GatewayError('SY_ERR_BUDGET_EXCEEDED', `${needs}; ${resets}`, null, retryAfterSec !== undefined ? { retryAfterSec } : {});
}

function fmt(l: BudgetLimit, v: number): string {
  return l.unit === 'usd' ? `$${(v / 1e12).toFixed(6)}` : `${v} tokens`;
}

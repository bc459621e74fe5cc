/**
 * From a request's estimate to reserve items, and from its actual usage to settle amounts.
 *
 * Worst case: input tokens x input price + output tokens x output price, with output tokens as the
 * store's units. With a client max_tokens the units are exactly max_tokens (all or nothing); without
 * one the store grants what the tightest budget affords, up to the model's output ceiling, and the
 * gateway sends that as the upstream max_tokens. The bound holds when the actual cost cannot exceed the
 * reservation: the input estimate must lean high (metering/estimate.ts does) and be priced at the
 * dearest input rate that can apply (cache writes included), and the provider must honour max_tokens.
 */
import type { BudgetLimit, ReserveItem } from './types.js';

export interface RequestEstimate {
  /** Estimated input tokens, leaning high. */
  inputTokens: number;
  /** The dearest input price that can apply, pico-USD per token. */
  inputPicoPerToken: number;
  outputPicoPerToken: number;
  /** The client's max_tokens, or null when it sent none. */
  maxTokens: number | null;
  /** The model's output limit: the most granted when the client sent no max_tokens. */
  outputCeiling: number;
  /** Fewest output tokens worth an upstream call when capping; default 1. */
  minOutputTokens?: number;
  /** The ceiling is a guess (a target has no known output limit): the grant is always sent upstream. */
  ceilingAssumed?: boolean;
  /**
   * Thinking tokens the request allows on top of its visible answer (`thinking.budget_tokens`): a
   * provider may bill them beyond max_tokens (the Anthropic converter adds them when max_tokens is smaller).
   */
  thinkingTokens?: number;
}

export interface ReservationPlan {
  items: ReserveItem[];
  units: { min: number; max: number };
}

export function planReservation(limits: readonly BudgetLimit[], estimate: RequestEstimate): ReservationPlan {
  const items = limits.map((limit): ReserveItem =>
    limit.unit === 'usd'
      ? { limit, amount: estimate.inputTokens * estimate.inputPicoPerToken, perUnit: estimate.outputPicoPerToken }
      : { limit, amount: estimate.inputTokens, perUnit: 1 },
  );
  const thinking = estimate.thinkingTokens ?? 0;
  const units =
    estimate.maxTokens !== null
      ? { min: estimate.maxTokens + thinking, max: estimate.maxTokens + thinking }
      : { min: Math.min(estimate.minOutputTokens ?? 1, estimate.outputCeiling) + thinking, max: estimate.outputCeiling + thinking };
  return { items, units };
}

/**
 * The max_tokens to send upstream for `granted` units: null leaves the client's request as it was. With
 * thinking the visible part is the grant less the thinking budget, so thinking plus answer fit the grant.
 */
export function upstreamMaxTokens(estimate: RequestEstimate, granted: number): number | null {
  if (estimate.maxTokens !== null) return estimate.maxTokens;
  const thinking = estimate.thinkingTokens ?? 0;
  if (thinking > 0 || estimate.ceilingAssumed) return granted - thinking;
  return granted < estimate.outputCeiling ? granted : null;
}

/** Settle amounts in the order of `limits`: the exact cost for USD limits, all billed tokens for token limits. */
export function settleAmounts(limits: readonly BudgetLimit[], actual: { costPico: number; tokens: number }): number[] {
  return limits.map((limit) => (limit.unit === 'usd' ? actual.costPico : actual.tokens));
}

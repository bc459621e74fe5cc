/**
 * Costing a replayed request on a model: the observed token counts, kept as they are when the chosen
 * model differs from the one that served the trace (a different tokenizer would shift them a little).
 * Routing data records output tokens per tier, so there the tier picks the output count.
 */
import type { Tier } from '../routing/plan.js';
import type { Usage } from '../spec/chat.js';
import type { TraceRecord } from './trace-types.js';

export interface CostOptions {
  /** Drop the observed cache hits (the prompt cache is per model: a switch of model misses it). */
  coldCache?: boolean;
}

/** The canonical usage of `rec` when served by a `tier` model. */
export function usageFor(rec: TraceRecord, tier: Tier, opts: CostOptions = {}): Usage {
  const side = rec.outcome ? (tier === 'premium' ? rec.outcome.strong : rec.outcome.weak) : undefined;
  const other = rec.outcome ? (tier === 'premium' ? rec.outcome.weak : rec.outcome.strong) : undefined;
  const input = side?.inputTokens ?? rec.usage.input;
  const output = rec.usage.output ?? side?.outputTokens ?? other?.outputTokens ?? 0;
  const cached = opts.coldCache ? 0 : Math.min(rec.usage.cached, input);
  const cacheWrite = opts.coldCache ? 0 : Math.min(rec.usage.cacheWrite, input - cached);
  return { input: input - cached - cacheWrite, cacheRead: cached, cacheWrite, output, reasoning: 0 };
}

/** The label quality of `rec` when answered by a `tier` model (undefined without labels). */
export function qualityFor(rec: TraceRecord, tier: Tier): number | undefined {
  if (!rec.outcome) return undefined;
  return tier === 'premium' ? rec.outcome.strong.score : rec.outcome.weak.score;
}

/** Resolving a strategy's target lists into eligible models, tolerating an empty tier. */
import { GatewayError } from '../../errors.js';
import type { ChatRequest } from '../../spec/chat.js';
import { NoEligibleModelError } from '../constraints/error.js';
import type { Exclusion } from '../constraints/types.js';
import type { RouteContext, Router } from '../plan.js';
import type { ModelEntry } from '../registry.js';

export interface Tier {
  eligible: ModelEntry[];
  excluded: Exclusion[];
}

/**
 * Like `router.candidates`, but an empty result is returned rather than thrown, so a strategy can fall
 * back to another list and report every exclusion together.
 */
export function tryCandidates(router: Router, names: readonly string[], request: ChatRequest, ctx: RouteContext, depth: number, what: string): Tier {
  try {
    return router.candidates(names, request, ctx, depth, what);
  } catch (err) {
    if (err instanceof NoEligibleModelError) return { eligible: [], excluded: [...err.exclusions] };
    if (err instanceof GatewayError && err.code === 'SY_ERR_MODEL_NOT_AVAILABLE') return { eligible: [], excluded: [] };
    throw err;
  }
}

/** `a > b > c` (at most `max` ids, then `+N`). */
export function chain(models: readonly ModelEntry[], max = 3): string {
  const ids = models.slice(0, max).map((m) => m.modelId);
  return models.length > max ? `${ids.join(' > ')} +${models.length - max}` : ids.join(' > ');
}

/** Appends the models of `more` not already in `base`. */
export function concatUnique(base: readonly ModelEntry[], more: readonly ModelEntry[]): ModelEntry[] {
  const seen = new Set(base.map((m) => m.modelId));
  const out = [...base];
  for (const m of more) {
    if (!seen.has(m.modelId)) {
      seen.add(m.modelId);
      out.push(m);
    }
  }
  return out;
}

/**
 * `cheapest`: among the eligible targets, the lowest effective price first, the rest as fallbacks in
 * ascending price (ties keep config order; models without a known price go last).
 *
 *   routes:
 *     budget: { strategy: cheapest, targets: [deepseek-chat, qwen-plus, kimi-k2.5, gpt-5], expected_cache_hit: 0.5, output_ratio: 0.3 }
 */
import { z } from 'zod';
import type { RouteConfig } from '../../config/types.js';
import type { ChatRequest } from '../../spec/chat.js';
import { withRoutePolicy } from '../constraints/input.js';
import { routePolicy } from '../constraints/route-policy.js';
import { withDropped } from '../constraints/summary.js';
import type { RouteContext, RoutePlan, Router, Strategy } from '../plan.js';
import type { ModelEntry } from '../registry.js';
import { chain } from './candidates.js';
import { commonOptions, unit } from './common-options.js';
import { effectivePrice, formatPerMillion, type PriceMix } from './effective-price.js';
import { optionsParser } from './issues.js';
import { cascadesInList } from './names-check.js';

export const DEFAULT_CACHE_HIT = 0;
export const DEFAULT_OUTPUT_RATIO = 0.3;

const schema = z.strictObject({
  expected_cache_hit: unit.optional(),
  output_ratio: z.number({ error: 'must be a number >= 0 (output tokens per input token)' }).nonnegative('must be >= 0 (output tokens per input token)').optional(),
  max_fallbacks: z.number().int('must be an integer').nonnegative('must be >= 0').optional(),
  ...commonOptions,
});

export const cheapestOptions = optionsParser(schema);

/** `models` sorted by effective price (stable; unpriced last), with the price of each. */
export function rankByPrice(models: readonly ModelEntry[], mix: PriceMix): Array<{ model: ModelEntry; eff: number }> {
  return models
    .map((model, i) => ({ model, eff: model.priced ? effectivePrice(model.price, mix) : Number.POSITIVE_INFINITY, i }))
    .sort((a, b) => a.eff - b.eff || a.i - b.i)
    .map(({ model, eff }) => ({ model, eff }));
}

export function cheapestStrategy(): Strategy {
  const plan = (request: ChatRequest, route: RouteConfig, router: Router, ctx: RouteContext, depth: number): RoutePlan => {
    const o = cheapestOptions.parse(route);
    const mix: PriceMix = { cacheHit: o.expected_cache_hit ?? DEFAULT_CACHE_HIT, outputRatio: o.output_ratio ?? DEFAULT_OUTPUT_RATIO };
    const rctx = withRoutePolicy(ctx, routePolicy(route));
    const { eligible, excluded } = router.candidates(route.targets, request, rctx, depth, `route "${route.name}"`);
    const ranked = rankByPrice(eligible, mix);
    const limit = o.max_fallbacks === undefined ? ranked.length : 1 + o.max_fallbacks;
    const targets = ranked.slice(0, limit).map((r) => r.model);
    const best = ranked[0]!;
    const price = Number.isFinite(best.eff) ? formatPerMillion(best.eff) : 'unpriced';
    const rest = targets.length > 1 ? `; then ${chain(targets.slice(1))}` : '';
    const result: RoutePlan = {
      requested: route.name,
      route: route.name,
      targets,
      decision: withDropped(`cheapest ${best.model.modelId} ${price} eff${rest}`, excluded),
    };
    if (excluded.length) result.excluded = excluded;
    return result;
  };
  const validate = (route: RouteConfig, router: Router): string[] => {
    const errors = cheapestOptions.check(route);
    if (route.targets.length === 0) errors.push(`routes.${route.name}.targets: a cheapest route needs at least one target`);
    errors.push(...cascadesInList(route, router, 'targets', route.targets, false));
    return errors;
  };
  return Object.assign(plan, { validate });
}

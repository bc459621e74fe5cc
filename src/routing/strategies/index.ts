/**
 * The route strategies beyond the built-in `fallback`, as the map `new Router(registry, config, strategies)`
 * takes. Options of every route are checked by `router.validate()` at start-up.
 *
 *   const strategies = createStrategies({ scorer: () => loadScorer(weightsPath) });
 *   const router = new Router(registry, config, strategies);
 *   const errors = router.validate();   // includes every routes.NAME.option error
 */
import type { Strategy } from '../plan.js';
import { autoStrategy } from './auto.js';
import { cascadeStrategy } from './cascade.js';
import { cheapestStrategy } from './cheapest.js';
import { scorerHandle, type StrategyDeps } from './deps.js';
import { rulesStrategy } from './rules.js';

export type { StrategyDeps } from './deps.js';
export { CASCADE_VALIDATORS, validateForCascade, type CascadeValidator, type CascadeVerdict } from './cascade-validators.js';
export { cascadeOutcome, escalationPlan, type CascadeOutcome } from './cascade-escalate.js';
export { checkJsonSchema } from './json-schema.js';
export { calibrationFromProvenance, parseQualityHeader, qualityToThreshold, QUALITY_HEADER } from './auto-threshold.js';
export { effectivePrice, type PriceMix } from './effective-price.js';
export { compileRegex } from './regex.js';

/** Strategy names a route may use (besides `fallback`, which the Router implements itself). */
export const STRATEGY_NAMES = ['cheapest', 'auto', 'rules', 'cascade'] as const;

export function createStrategies(deps: StrategyDeps = {}): Record<string, Strategy> {
  const scorer = scorerHandle(deps);
  return {
    cheapest: cheapestStrategy(),
    auto: autoStrategy(scorer),
    rules: rulesStrategy(),
    cascade: cascadeStrategy(),
  };
}

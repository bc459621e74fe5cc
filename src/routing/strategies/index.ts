/**
 * The route strategies beyond the built-in `fallback`, and the pipeline helpers of `cascade`.
 *
 *   const router = createRouter(registry, config, { scorer: () => loadScorer(weightsPath) });
 *   // same as: new Router(registry, config, createStrategies({ scorer: ... }))
 *   const errors = router.validate();   // includes every routes.NAME.option error
 */
export type { StrategyDeps } from './deps.js';
export { createStrategies, STRATEGY_NAMES } from './create-strategies.js';
export { createRouter } from './create-router.js';
export { CASCADE_VALIDATORS, validateForCascade, type CascadeValidator, type CascadeVerdict } from './cascade-validators.js';
export { cascadeOutcome, escalationPlan, type CascadeOutcome } from './cascade-escalate.js';
export { checkJsonSchema } from './json-schema.js';
export { calibrationFromProvenance, parseQualityHeader, qualityToThreshold, scoreQuantiles, QUALITY_HEADER } from './auto-threshold.js';
export { effectivePrice, type PriceMix } from './effective-price.js';
export { rankByPrice } from './cheapest.js';
export { compileRegex } from './regex.js';

/** The strategy map `new Router(registry, config, strategies)` takes. */
import type { Strategy } from '../plan.js';
import { autoStrategy } from './auto.js';
import { cascadeStrategy } from './cascade.js';
import { cheapestStrategy } from './cheapest.js';
import { scorerHandle, type StrategyDeps } from './deps.js';
import { rulesStrategy } from './rules.js';

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

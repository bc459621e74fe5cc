/**
 * The one way to build the routing function, used by the live gateway and the simulator alike, so a
 * replay decides exactly as the gateway would.
 */
import type { Config } from '../../config/types.js';
import { Router } from '../plan.js';
import type { ModelRegistry } from '../registry.js';
import { createStrategies } from './create-strategies.js';
import type { StrategyDeps } from './deps.js';

export function createRouter(registry: ModelRegistry, config: Config, deps: StrategyDeps = {}): Router {
  return new Router(registry, config, createStrategies(deps));
}

/** Start-up check that every model or route a strategy option names exists. */
import type { RouteConfig } from '../../config/types.js';
import type { Router } from '../plan.js';

/** Errors for the unknown names in `list`, reported at `routes.NAME.<path>`. */
export function unknownNames(route: RouteConfig, router: Router, path: string, list: readonly string[]): string[] {
  return list.filter((n) => !router.isKnownName(n)).map((n) => `routes.${route.name}.${path}: unknown model or route "${n}"`);
}

/** An error when a strategy that does not use `targets` was given some. */
export function unusedTargets(route: RouteConfig, instead: string): string[] {
  return route.targets.length > 0 ? [`routes.${route.name}.targets: not used by strategy ${route.strategy} (use ${instead})`] : [];
}

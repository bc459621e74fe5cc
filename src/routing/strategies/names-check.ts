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

/**
 * Errors for cascade routes named where the list is flattened into one chain of models (several names in
 * a fallback or auto list, any cheapest list): the cascade's validation and escalation would be lost. On
 * its own (a single name), a fallback target or an auto tier keeps the whole nested plan.
 */
export function cascadesInList(route: RouteConfig, router: Router, path: string, list: readonly string[], alone: boolean): string[] {
  if (alone && list.length === 1) return [];
  return list
    .filter((n) => router.canCascade(n))
    .map((n) =>
      router.config.routes[n]?.strategy === 'cascade'
        ? `routes.${route.name}.${path}: cascade route "${n}" cannot be one of several targets (its validation would be lost); name it alone, or as a rules target`
        : `routes.${route.name}.${path}: route "${n}" leads to a cascade, which cannot be one of several targets (its validation would be lost); name it alone, or as a rules target`,
    );
}

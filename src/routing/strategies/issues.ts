/** Route option validation with zod, errors reported by config path: `routes.smart.quality: must be between 0 and 1`. */
import type { z } from 'zod';
import type { RouteConfig } from '../../config/types.js';

function pathOf(route: string, path: readonly PropertyKey[]): string {
  let out = `routes.${route}`;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** One line per issue; unknown keys are named with the strategy they do not belong to. */
export function formatIssues(route: RouteConfig, issues: readonly z.core.$ZodIssue[]): string[] {
  const out: string[] = [];
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push(`${pathOf(route.name, [...i.path, k])}: unknown option for strategy ${route.strategy}`);
    } else {
      out.push(`${pathOf(route.name, i.path)}: ${i.message}`);
    }
  }
  return out;
}

/**
 * Parses `route.options` with `schema` once per route object (routes are frozen at start-up), so the
 * request path pays a WeakMap read. Throws if the options are invalid: validation at start-up
 * (`Router.validate()`) reports them first, so this only fires when validation was skipped.
 */
export function optionsParser<S extends z.ZodType>(schema: S): {
  parse(route: RouteConfig): z.output<S>;
  check(route: RouteConfig): string[];
} {
  const cache = new WeakMap<RouteConfig, z.output<S>>();
  const check = (route: RouteConfig): string[] => {
    const r = schema.safeParse(route.options);
    return r.success ? [] : formatIssues(route, r.error.issues);
  };
  return {
    check,
    parse(route) {
      const hit = cache.get(route);
      if (hit !== undefined) return hit;
      const r = schema.safeParse(route.options);
      if (!r.success) throw new Error(`invalid route options: ${formatIssues(route, r.error.issues).join('; ')}`);
      cache.set(route, r.data);
      return r.data;
    },
  };
}

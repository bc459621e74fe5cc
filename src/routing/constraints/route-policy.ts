/**
 * The route-level jurisdiction option every strategy accepts:
 *   routes.NAME.jurisdictions: { allow: [EU, US], deny: [CN] }
 * Applied to the route's own choice and to every route it names (nested routes inherit it).
 */
import { z } from 'zod';
import type { RouteConfig } from '../../config/types.js';
import { isJurisdictionCode, makePolicy } from './jurisdiction.js';
import type { JurisdictionPolicy } from './types.js';

const code = z.string().refine(isJurisdictionCode, 'must be an ISO 3166 country code (GB for the United Kingdom), local, unknown or EU');

export const jurisdictionsOption = z.strictObject({
  allow: z.array(code).optional(),
  deny: z.array(code).optional(),
});

const cache = new WeakMap<RouteConfig, JurisdictionPolicy | null>();

/** The route's own policy (undefined when it sets none). Invalid options were rejected at start-up. */
export function routePolicy(route: RouteConfig): JurisdictionPolicy | undefined {
  const hit = cache.get(route);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = jurisdictionsOption.safeParse(route.options.jurisdictions ?? {});
  const policy = parsed.success ? makePolicy(`route ${route.name}`, parsed.data.allow, parsed.data.deny) : undefined;
  cache.set(route, policy ?? null);
  return policy;
}

/**
 * `rules`: the first rule whose `when` matches names the target (a model, a list of models as a fallback
 * chain, or another route, which then decides with its own strategy); `default` when none matches.
 *
 *   routes:
 *     by-task:
 *       strategy: rules
 *       rules:
 *         - { name: long-json, when: { response_format: json, min_input_tokens: 2000 }, target: claude-sonnet-4-6 }
 *         - { when: { last_user_matches: "(?i)prove|refactor" }, target: smart }
 *       default: deepseek-chat
 *
 * A matching rule whose target has no eligible model (constraints) does not end the search: the next
 * matching rule, then `default`, is tried, and the decision says so. No match and no default fails closed.
 */
import type { RouteConfig } from '../../config/types.js';
import { GatewayError } from '../../errors.js';
import type { ChatRequest } from '../../spec/chat.js';
import { NoEligibleModelError, noEligibleModel } from '../constraints/error.js';
import { withRoutePolicy } from '../constraints/input.js';
import { routePolicy } from '../constraints/route-policy.js';
import { withDropped } from '../constraints/summary.js';
import type { Exclusion } from '../constraints/types.js';
import type { RouteContext, RoutePlan, Router, Strategy } from '../plan.js';
import { chain, tryCandidates } from './candidates.js';
import { unknownNames } from './names-check.js';
import { compileCondition, type Matcher } from './rules-match.js';
import { rulesOptions, type Rule, type RulesOptions } from './rules-schema.js';

interface Compiled {
  rules: Array<{ rule: Rule; label: string; matches: Matcher }>;
  default?: string[];
}

const compiled = new WeakMap<RulesOptions, Compiled>();

function compile(o: RulesOptions): Compiled {
  const hit = compiled.get(o);
  if (hit) return hit;
  const c: Compiled = {
    rules: o.rules.map((rule, i) => ({ rule, label: rule.name ? `rule ${rule.name}` : `rule #${i + 1}`, matches: compileCondition(rule.when) })),
    ...(o.default ? { default: o.default } : {}),
  };
  compiled.set(o, c);
  return c;
}

/**
 * Plans one target: a single route name is planned by that route (its decision kept), anything else is
 * a list of models / routes flattened into a fallback chain. Undefined when nothing is eligible.
 */
function planTarget(
  target: readonly string[],
  request: ChatRequest,
  router: Router,
  ctx: RouteContext,
  depth: number,
  what: string,
  excluded: Exclusion[],
  nestedExcluded: Exclusion[],
): RoutePlan | undefined {
  const only = target.length === 1 ? target[0]! : undefined;
  if (only !== undefined && router.config.routes[only]) {
    try {
      const nested = router.planName(only, request, ctx, depth + 1);
      // already summarised in the nested decision: kept in plan.excluded only
      if (nested.excluded) nestedExcluded.push(...nested.excluded);
      return { ...nested, decision: `${only} (${nested.decision})` };
    } catch (err) {
      if (err instanceof NoEligibleModelError) {
        excluded.push(...err.exclusions);
        return undefined;
      }
      if (err instanceof GatewayError && err.code === 'SY_ERR_MODEL_NOT_AVAILABLE') return undefined;
      throw err;
    }
  }
  const tier = tryCandidates(router, target, request, ctx, depth, what);
  excluded.push(...tier.excluded);
  if (tier.eligible.length === 0) return undefined;
  return { requested: what, targets: tier.eligible, decision: chain(tier.eligible) };
}

export function rulesStrategy(): Strategy {
  const plan = (request: ChatRequest, route: RouteConfig, router: Router, ctx: RouteContext, depth: number): RoutePlan => {
    const c = compile(rulesOptions.parse(route));
    const rctx = withRoutePolicy(ctx, routePolicy(route));
    const what = `route "${route.name}"`;
    const excluded: Exclusion[] = [];
    const nestedExcluded: Exclusion[] = [];
    const skipped: string[] = [];
    const finish = (label: string, p: RoutePlan): RoutePlan => {
      const note = skipped.length ? ` (${skipped.join(', ')} ineligible)` : '';
      const all = [...excluded, ...nestedExcluded];
      const result: RoutePlan = { ...p, requested: route.name, route: route.name, decision: withDropped(`${label}${note} -> ${p.decision}`, excluded) };
      if (all.length) result.excluded = all;
      else delete result.excluded;
      return result;
    };
    for (const r of c.rules) {
      if (!r.matches(request, rctx)) continue;
      const p = planTarget(r.rule.target, request, router, rctx, depth, `${what} ${r.label}`, excluded, nestedExcluded);
      if (p) return finish(r.label, p);
      skipped.push(r.label);
    }
    if (c.default) {
      const p = planTarget(c.default, request, router, rctx, depth, `${what} default`, excluded, nestedExcluded);
      if (p) return finish('rules default', p);
    }
    if (excluded.length > 0) throw noEligibleModel(what, excluded);
    throw new GatewayError('SY_ERR_NO_ELIGIBLE_MODEL', `no rule of ${what} matches this request and the route has no default`, 'model');
  };
  const validate = (route: RouteConfig, router: Router): string[] => {
    const errors = rulesOptions.check(route);
    if (route.targets.length > 0) errors.push(`routes.${route.name}.targets: not used by strategy rules (use rules[].target and default)`);
    if (errors.length) return errors;
    const o = rulesOptions.parse(route);
    o.rules.forEach((r, i) => errors.push(...unknownNames(route, router, `rules[${i}].target`, r.target)));
    if (o.default) errors.push(...unknownNames(route, router, 'default', o.default));
    return errors;
  };
  const references = (route: RouteConfig): string[] => {
    if (rulesOptions.check(route).length) return [];
    const o = rulesOptions.parse(route);
    return [...o.rules.flatMap((r) => r.target), ...(o.default ?? [])];
  };
  return Object.assign(plan, { validate, references });
}

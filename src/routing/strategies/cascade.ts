/**
 * `cascade`: answer with the cheap chain, check the answer, and escalate to the premium chain when a
 * validator fails. The strategy only plans: `plan.cascade` tells the pipeline what to check
 * (`validateForCascade`) and what to run on failure (`escalationPlan`).
 *
 *   routes:
 *     careful: { strategy: cascade, cheap: deepseek-chat, premium: claude-sonnet-4-6,
 *                validators: [json, tool_args, non_empty, not_truncated], buffer_streams: false }
 *
 * Streams are validated only when `buffer_streams: true` (the client then receives the whole answer at
 * once, as a stream, after validation). Otherwise a streaming request is served by the cheap chain with the
 * premium chain as a plain error fallback, unvalidated, and the decision says so.
 */
import { z } from 'zod';
import type { RouteConfig } from '../../config/types.js';
import type { ChatRequest } from '../../spec/chat.js';
import { noEligibleModel } from '../constraints/error.js';
import { withRoutePolicy } from '../constraints/input.js';
import { routePolicy } from '../constraints/route-policy.js';
import { withDropped } from '../constraints/summary.js';
import type { RouteContext, RoutePlan, Router, Strategy } from '../plan.js';
import { chain, concatUnique, tryCandidates } from './candidates.js';
import { CASCADE_VALIDATORS } from './cascade-validators.js';
import { commonOptions, names } from './common-options.js';
import { optionsParser } from './issues.js';
import { unknownNames, unusedTargets } from './names-check.js';

const schema = z.strictObject({
  cheap: names,
  premium: names,
  validators: z
    .array(z.enum(CASCADE_VALIDATORS, { error: `must be one of ${CASCADE_VALIDATORS.join(', ')}` }))
    .min(1, 'needs at least one validator')
    .optional(),
  buffer_streams: z.boolean().optional(),
  ...commonOptions,
});

export const cascadeOptions = optionsParser(schema);

export function cascadeStrategy(): Strategy {
  const plan = (request: ChatRequest, route: RouteConfig, router: Router, ctx: RouteContext, depth: number): RoutePlan => {
    const o = cascadeOptions.parse(route);
    const validators = o.validators ?? [...CASCADE_VALIDATORS];
    const rctx = withRoutePolicy(ctx, routePolicy(route));
    const what = `route "${route.name}"`;
    const cheap = tryCandidates(router, o.cheap, request, rctx, depth, `${what} (cheap)`);
    const premium = tryCandidates(router, o.premium, request, rctx, depth, `${what} (premium)`);
    const excluded = [...cheap.excluded, ...premium.excluded];
    const base = { requested: route.name, route: route.name };
    const done = (p: RoutePlan): RoutePlan => {
      p.decision = withDropped(p.decision, excluded);
      if (excluded.length) p.excluded = excluded;
      return p;
    };
    if (cheap.eligible.length === 0) {
      if (premium.eligible.length === 0) throw noEligibleModel(what, excluded);
      return done({ ...base, targets: premium.eligible, tier: 'premium', decision: `cascade cheap ineligible -> premium ${chain(premium.eligible)}` });
    }
    if (premium.eligible.length === 0) {
      return done({ ...base, targets: cheap.eligible, tier: 'cheap', decision: `cascade ${chain(cheap.eligible)}, premium ineligible: no escalation` });
    }
    const streaming = request.stream === true;
    if (streaming && o.buffer_streams !== true) {
      return done({
        ...base,
        targets: concatUnique(cheap.eligible, premium.eligible),
        tier: 'cheap',
        decision: `cascade stream unbuffered -> ${cheap.eligible[0]!.modelId} unvalidated`,
      });
    }
    return done({
      ...base,
      targets: cheap.eligible,
      tier: 'cheap',
      cascade: { validators, escalate: premium.eligible, bufferStream: streaming },
      decision: `cascade ${cheap.eligible[0]!.modelId} -> ${premium.eligible[0]!.modelId} if ${validators.join(',')} fails`,
    });
  };
  const validate = (route: RouteConfig, router: Router): string[] => {
    const errors = [...cascadeOptions.check(route), ...unusedTargets(route, 'cheap and premium')];
    if (errors.length) return errors;
    const o = cascadeOptions.parse(route);
    return [...unknownNames(route, router, 'cheap', o.cheap), ...unknownNames(route, router, 'premium', o.premium)];
  };
  const references = (route: RouteConfig): string[] => {
    if (cascadeOptions.check(route).length) return [];
    const o = cascadeOptions.parse(route);
    return [...o.cheap, ...o.premium];
  };
  return Object.assign(plan, { validate, references });
}

/**
 * `auto`: the difficulty scorer decides between a cheap and a premium target list.
 *
 *   routes:
 *     smart: { strategy: auto, cheap: [deepseek-chat], premium: [claude-sonnet-4-6], quality: 0.5 }
 *
 * score >= threshold(quality) -> premium, else cheap (see auto-threshold.ts for the mapping). A request may
 * override `quality` with `x-switchyard-quality` unless the route sets `quality_header: false`; `threshold`
 * may be set instead of `quality` to pin the score cut-off. The chosen tier's eligible models come first,
 * then the other tier's as fallbacks; if the chosen tier has no eligible model the other tier serves.
 *
 * `score_on: task` scores only the system prompt and the first user message (the task) instead of the
 * whole request: every call of an agent run then gets the same tier, so it keeps its provider's prompt
 * cache (switching models mid-run pays the whole context uncached on every switch).
 */
import { z } from 'zod';
import type { RouteConfig } from '../../config/types.js';
import type { ChatMessage, ChatRequest } from '../../spec/chat.js';
import { noEligibleModel } from '../constraints/error.js';
import { headerValue, withRoutePolicy } from '../constraints/input.js';
import { routePolicy } from '../constraints/route-policy.js';
import { withDropped } from '../constraints/summary.js';
import type { RouteContext, RoutePlan, Router, Strategy, Tier } from '../plan.js';
import { parseQualityHeader, qualityToThreshold, QUALITY_HEADER } from './auto-threshold.js';
import { concatUnique, tryCandidates } from './candidates.js';
import { commonOptions, names, unit } from './common-options.js';
import type { ScorerHandle } from './deps.js';
import { optionsParser } from './issues.js';
import { cascadesInList, unknownNames, unusedTargets } from './names-check.js';

export const DEFAULT_QUALITY = 0.5;

const schema = z
  .strictObject({
    cheap: names,
    premium: names,
    quality: unit.optional(),
    threshold: unit.optional(),
    quality_header: z.boolean().optional(),
    score_on: z.enum(['request', 'task'], { error: 'must be request or task' }).optional(),
    ...commonOptions,
  })
  .refine((o) => o.quality === undefined || o.threshold === undefined, { message: 'set quality or threshold, not both', path: ['threshold'] });

export type AutoOptions = z.output<typeof schema>;
export const autoOptions = optionsParser(schema);

const fmt = (n: number): string => n.toFixed(3);

const taskViews = new WeakMap<readonly ChatMessage[], ChatMessage[]>();

/** The system / developer messages and the first user message: what an agent run keeps constant. */
export function taskMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  const hit = taskViews.get(messages);
  if (hit) return hit;
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'developer') out.push(m);
    else if (m.role === 'user') {
      out.push(m);
      break;
    }
  }
  taskViews.set(messages, out);
  return out;
}

/** The threshold in force for one request, and how it came about (for the decision). */
function thresholdFor(o: AutoOptions, ctx: RouteContext, handle: ScorerHandle): { threshold: number; quality?: number; fromHeader: boolean } {
  const header = o.quality_header === false ? undefined : parseQualityHeader(headerValue(ctx, QUALITY_HEADER));
  if (header !== undefined) return { threshold: qualityToThreshold(header, handle.calibration()), quality: header, fromHeader: true };
  if (o.threshold !== undefined) return { threshold: o.threshold, fromHeader: false };
  const quality = o.quality ?? DEFAULT_QUALITY;
  return { threshold: qualityToThreshold(quality, handle.calibration()), quality, fromHeader: false };
}

function comparison(score: number, threshold: number, quality: number | undefined, fromHeader: boolean, tier: Tier): string {
  const src = fromHeader ? ` (quality ${quality} from header)` : '';
  if (quality === 0 || quality === 1) return `auto score=${fmt(score)}, quality ${quality}${fromHeader ? ' from header' : ''} -> ${tier}`;
  return `auto score=${fmt(score)} ${tier === 'premium' ? '>=' : '<'} ${fmt(threshold)}${src} -> ${tier}`;
}

export function autoStrategy(handle: ScorerHandle): Strategy {
  const plan = (request: ChatRequest, route: RouteConfig, router: Router, ctx: RouteContext, depth: number): RoutePlan => {
    const o = autoOptions.parse(route);
    const { threshold, quality, fromHeader } = thresholdFor(o, ctx, handle);
    const score = handle.get().score(o.score_on === 'task' ? taskMessages(request.messages) : request.messages);
    const want: Tier = score >= threshold ? 'premium' : 'cheap';
    const other: Tier = want === 'premium' ? 'cheap' : 'premium';
    const rctx = withRoutePolicy(ctx, routePolicy(route));
    const what = `route "${route.name}"`;
    // a tier that names one route of its own kind (a cascade, rules...) keeps that route's whole plan
    const whole = router.wholeRoutePlan(o[want], request, rctx, depth);
    if (whole) {
      const decision = `${comparison(score, threshold, quality, fromHeader, want)} -> ${o[want][0]} (${whole.decision})`;
      // the other tier still follows as fallbacks, as for a plain list
      const targets = concatUnique(whole.targets, tryCandidates(router, o[other], request, rctx, depth, `${what} (${other})`).eligible);
      return { ...whole, requested: route.name, route: route.name, targets, decision, score, tier: whole.tier ?? want };
    }
    const first = tryCandidates(router, o[want], request, rctx, depth, `${what} (${want})`);
    const second = tryCandidates(router, o[other], request, rctx, depth, `${what} (${other})`);
    const excluded = [...first.excluded, ...second.excluded];
    let decision = comparison(score, threshold, quality, fromHeader, want);
    let tier = want;
    if (first.eligible.length === 0) {
      if (second.eligible.length === 0) throw noEligibleModel(what, excluded);
      decision += ` ineligible -> ${other}`;
      tier = other;
    }
    const targets = concatUnique(first.eligible, second.eligible);
    const result: RoutePlan = { requested: route.name, route: route.name, targets, decision: withDropped(decision, excluded), score, tier };
    if (excluded.length) result.excluded = excluded;
    return result;
  };
  const validate = (route: RouteConfig, router: Router): string[] => {
    const errors = [...autoOptions.check(route), ...unusedTargets(route, 'cheap and premium')];
    if (errors.length === 0) {
      const o = autoOptions.parse(route);
      errors.push(...unknownNames(route, router, 'cheap', o.cheap), ...unknownNames(route, router, 'premium', o.premium));
      errors.push(...cascadesInList(route, router, 'cheap', o.cheap, true), ...cascadesInList(route, router, 'premium', o.premium, true));
    }
    if (!handle.configured) errors.push(`routes.${route.name}.strategy: auto needs the difficulty scorer (router weights), and none was given`);
    else {
      try {
        handle.get();
      } catch (err) {
        errors.push(`routes.${route.name}.strategy: auto cannot load the difficulty scorer: ${(err as Error).message}`);
      }
    }
    return errors;
  };
  const references = (route: RouteConfig): string[] => {
    const r = autoOptions.check(route).length === 0 ? autoOptions.parse(route) : undefined;
    return r ? [...r.cheap, ...r.premium] : [];
  };
  return Object.assign(plan, { validate, references });
}

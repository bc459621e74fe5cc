/**
 * Routing: turn the requested `model` (after `model_map`) into an ordered chain of targets.
 * `model` may be a model id, `provider/upstream-model`, or a route name; the request's own `models`
 * array extends the chain. The live gateway and the simulator both call `Router.plan`.
 *
 * Constraints (src/routing/constraints) run before any choice: a route only ever chooses among models
 * the key may use, in allowed jurisdictions, with the capabilities and context window the request needs,
 * whose provider is healthy. A model the client names directly is held to policy only (key's models,
 * jurisdiction) and is otherwise tried as asked; the upstream has the last word on size.
 */
import { GatewayError } from '../errors.js';
import type { Config, RouteConfig } from '../config/types.js';
import type { ChatRequest } from '../spec/chat.js';
import { isModelAllowed } from './constraints/allowed-models.js';
import { checkPolicy, filterCandidates } from './constraints/filter.js';
import { NoEligibleModelError, noEligibleModel } from './constraints/error.js';
import { constraintInput, policyInput, withRoutePolicy } from './constraints/input.js';
import { routePolicy } from './constraints/route-policy.js';
import { withDropped } from './constraints/summary.js';
import type { Exclusion, JurisdictionLists, JurisdictionPolicy } from './constraints/types.js';
import { compileModelMap, type CompiledModelMap } from './model-map.js';
import type { ModelEntry, ModelRegistry } from './registry.js';
import { fallbackOptions } from './strategies/fallback-options.js';
import { cascadesInList } from './strategies/names-check.js';
import type { CascadeValidator } from './strategies/cascade-validators.js';

export type Tier = 'cheap' | 'premium';

/** How a `cascade` route escalates: the pipeline validates the cheap answer and, on failure, runs `escalate`. */
export interface CascadePlan {
  /** Checks applied to the cheap answer (see `validateForCascade`). */
  validators: readonly CascadeValidator[];
  /** The premium chain (eligible models, in order) tried when a validator fails. */
  escalate: ModelEntry[];
  /**
   * True when the client asked for a stream and the route allows buffering: call the upstream without
   * streaming, validate, then send the (cheap or escalated) answer to the client as a stream.
   */
  bufferStream: boolean;
}

export interface RoutePlan {
  /** What the client asked for, before `model_map`. */
  requested: string;
  /** The route that decided, when `model` named one. */
  route?: string;
  /** Ordered fallback chain; never empty. */
  targets: ModelEntry[];
  /** A short human-readable reason, sent as `x-switchyard-decision` (printable ASCII, at most 300 chars). */
  decision: string;
  /** Difficulty score when a learned router decided. */
  score?: number;
  /** Which tier was chosen, for strategies that have tiers (`auto`, `cascade`). */
  tier?: Tier;
  /** Present when the cheap answer must be validated and may be escalated (`cascade`). */
  cascade?: CascadePlan;
  /** Candidates dropped by constraints, with reasons (also summarised in `decision`). */
  excluded?: readonly Exclusion[];
}

/**
 * Per-request facts the router needs besides the request. All optional: an empty context routes with no
 * key restrictions, every provider healthy, and the input size estimated from the request.
 */
export interface RouteContext {
  /** Request headers (lower-case names): `x-switchyard-quality`, `x-switchyard-jurisdictions`, rule conditions. */
  headers?: Record<string, string | string[] | undefined>;
  /** The virtual key's id (rules `when.key`). */
  keyId?: string | null;
  /** The cost-attribution project (rules `when.project`). */
  project?: string | null;
  /**
   * What the key may use: model ids, globs or regexes (e.g. the auth layer's `RequestContext.allowed`);
   * undefined = everything. Naming a route grants every model that route chooses.
   */
  allowedModels?: readonly (string | RegExp)[];
  /** The key's jurisdiction lists (ISO codes, `local`, `EU`). */
  jurisdictions?: JurisdictionLists;
  /** Provider health by model id (false = circuit open). Must not have side effects (no probe grants). */
  healthy?: (modelId: string) => boolean;
  /** Input tokens when the caller knows better than the estimate (the simulator: observed usage). */
  inputTokens?: number;
  /** Set by routes while planning (policies of enclosing routes); callers leave it unset. */
  routePolicies?: readonly JurisdictionPolicy[];
}

/** A route strategy other than `fallback`. Registered in the map passed to `new Router`. */
export interface Strategy {
  (request: ChatRequest, route: RouteConfig, router: Router, ctx: RouteContext, depth: number): RoutePlan;
  /** Checks the route's options once at start-up; errors as `routes.NAME.key: message`. */
  validate?(route: RouteConfig, router: Router): string[];
  /** Model and route names the route refers to (for the reference and cycle checks). Never throws. */
  references?(route: RouteConfig): readonly string[];
}

/** Deepest route nesting followed at request time (cycles are rejected at start-up). */
const MAX_DEPTH = 4;
const DECISION_MAX = 300;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Header-safe decision text: printable ASCII only, bounded length. Idempotent and cheap on text that is
 * already safe, so the code that writes headers applies it to whatever the decision became on the way.
 */
export function safeDecision(text: string): string {
  if (text.length <= DECISION_MAX && PRINTABLE_ASCII.test(text)) return text;
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > DECISION_MAX ? `${clean.slice(0, DECISION_MAX - 3)}...` : clean;
}

export class Router {
  private readonly modelMap: CompiledModelMap;

  constructor(
    readonly registry: ModelRegistry,
    readonly config: Config,
    private readonly strategies: Readonly<Record<string, Strategy>> = {},
  ) {
    this.modelMap = compileModelMap(config.modelMap);
  }

  /** The name `model_map` turns a client's model name into (the name itself when nothing matches). */
  mapModel(name: string): string {
    return this.modelMap.apply(name);
  }

  /** The registered strategy for `name`, if any. */
  strategy(name: string): Strategy | undefined {
    return Object.hasOwn(this.strategies, name) ? this.strategies[name] : undefined;
  }

  /** Config references and route options that are invalid, reported by path (checked once at start-up). */
  validate(): string[] {
    const errors: string[] = [];
    for (const route of Object.values(this.config.routes)) {
      const strategy = this.strategy(route.strategy);
      if (route.strategy !== 'fallback' && !strategy) {
        errors.push(`routes.${route.name}.strategy: unknown strategy "${route.strategy}" (known: fallback${Object.keys(this.strategies).map((s) => ', ' + s).join('')})`);
      }
      route.targets.forEach((t, i) => {
        if (!this.isKnownName(t)) errors.push(`routes.${route.name}.targets[${i}]: unknown model or route "${t}"`);
      });
      if (route.strategy === 'fallback') errors.push(...fallbackOptions.check(route), ...cascadesInList(route, this, 'targets', route.targets, true));
      else if (strategy?.validate) errors.push(...strategy.validate(route, this));
    }
    for (const { pattern, target } of this.config.modelMap) {
      if (!this.isKnownName(target)) errors.push(`model_map.${pattern}: unknown model or route "${target}"`);
    }
    const budgetLists: [string, readonly { degrade_to?: string }[]][] = [
      ['sessions.budgets', this.config.sessionBudgets],
      ...Object.entries(this.config.projects).map(([name, p]): [string, readonly { degrade_to?: string }[]] => [`projects.${name}.budgets`, p.budgets]),
    ];
    for (const [path, budgets] of budgetLists) {
      budgets.forEach((b, i) => {
        if (b.degrade_to && !this.isKnownName(b.degrade_to)) errors.push(`${path}[${i}].degrade_to: unknown model or route "${b.degrade_to}"`);
      });
    }
    for (const model of Object.keys(this.config.modelRateLimits)) {
      if (!this.registry.get(model) && !this.registry.unavailableModel(model) && !this.registry.passThrough(model)) errors.push(`rate_limits.models.${model}: unknown model "${model}" (limits apply to the model ids that serve requests)`);
    }
    if (!this.registry.priceOf(this.config.baseline)) errors.push(`baseline: unknown model "${this.config.baseline}"`);
    errors.push(...this.cycles());
    return errors;
  }

  /** Names a route refers to: its targets plus what its strategy names. */
  references(route: RouteConfig): string[] {
    const extra = route.strategy === 'fallback' ? [] : (this.strategy(route.strategy)?.references?.(route) ?? []);
    return [...route.targets, ...extra];
  }

  /** Route cycles (a -> b -> a), one error per cycle. */
  private cycles(): string[] {
    const routes = this.config.routes;
    const state = new Map<string, 1 | 2>();
    const errors: string[] = [];
    const visit = (name: string, path: string[]): void => {
      state.set(name, 1);
      const route = routes[name];
      if (route) {
        for (const ref of this.references(route)) {
          if (!routes[ref]) continue;
          const s = state.get(ref);
          if (s === 1) errors.push(`routes.${ref}: route cycle ${[...path.slice(path.indexOf(ref)), ref].join(' -> ')}`);
          else if (s === undefined) visit(ref, [...path, ref]);
        }
      }
      state.set(name, 2);
    };
    for (const name of Object.keys(routes)) if (!state.has(name)) visit(name, [name]);
    return errors;
  }

  /**
   * Whether planning `name` can give a cascade plan: a cascade route, or a route that names one on its
   * own somewhere inside (directly or through other routes). Such a name must not sit in a list of
   * several, where plans are flattened into one chain of models.
   */
  canCascade(name: string, seen: Set<string> = new Set()): boolean {
    const route = this.config.routes[name];
    if (!route || seen.has(name)) return false;
    seen.add(name);
    if (route.strategy === 'cascade') return true;
    if (route.strategy === 'cheapest') return false; // its targets are flattened: validated on their own
    if (route.strategy === 'fallback' && route.targets.length !== 1) return false; // likewise
    return this.references(route).some((n) => this.canCascade(n, seen));
  }

  /** True for a route name, a known (possibly unavailable) model id, or a `provider/upstream` pass-through. */
  isKnownName(name: string): boolean {
    return (
      this.config.routes[name] !== undefined ||
      this.registry.get(name) !== undefined ||
      this.registry.unavailableModel(name) !== undefined ||
      this.registry.passThrough(name) !== undefined
    );
  }

  plan(request: ChatRequest, ctx: RouteContext = {}): RoutePlan {
    const requested = request.model;
    const plan = this.planTop(this.modelMap.apply(requested), request, ctx);
    const extra = request.models;
    if (extra && extra.length > 0) {
      const seen = new Set(plan.targets.map((t) => t.modelId));
      const targets = [...plan.targets];
      let skipped = 0;
      for (const name of extra) {
        let more: ModelEntry[];
        try {
          more = this.planTop(this.modelMap.apply(name), request, ctx).targets;
        } catch (err) {
          if (!(err instanceof NoEligibleModelError)) throw err;
          skipped++;
          continue;
        }
        for (const t of more) {
          if (!seen.has(t.modelId)) {
            seen.add(t.modelId);
            targets.push(t);
          }
        }
      }
      const note = `; request models[] adds ${targets.length - plan.targets.length}${skipped ? ` (${skipped} ineligible)` : ''}`;
      return { ...plan, requested, targets, decision: safeDecision(`${plan.decision}${note}`) };
    }
    const decision = safeDecision(plan.decision);
    return requested === plan.requested && decision === plan.decision ? plan : { ...plan, requested, decision };
  }

  /** Plans a name the client sent; a key allowed a route may use whatever that route chooses. */
  private planTop(name: string, request: ChatRequest, ctx: RouteContext): RoutePlan {
    const granted = ctx.allowedModels !== undefined && this.config.routes[name] !== undefined && isModelAllowed(name, ctx.allowedModels);
    return this.planName(name, request, granted ? { ...ctx, allowedModels: undefined } : ctx, 0);
  }

  /** Resolves one name: a route, a model id, or `provider/upstream`. */
  planName(name: string, request: ChatRequest, ctx: RouteContext, depth: number): RoutePlan {
    const route = this.config.routes[name];
    if (route) {
      if (depth > MAX_DEPTH) throw new GatewayError('SY_ERR_INVALID_REQUEST', `route "${name}" nests routes too deeply`, 'model');
      if (route.strategy !== 'fallback') {
        const strategy = this.strategy(route.strategy);
        if (strategy) return strategy(request, route, this, ctx, depth);
      }
      return this.planFallback(route, request, ctx, depth);
    }
    const entry = this.registry.get(name) ?? this.registry.passThrough(name);
    if (entry) {
      const x = checkPolicy(entry, policyInput(ctx));
      if (x) throw noEligibleModel(`model "${name}"`, [x]);
      return { requested: name, targets: [entry], decision: `model ${entry.modelId}` };
    }
    const unavailable = this.registry.unavailableModel(name);
    if (unavailable) {
      throw new GatewayError(
        'SY_ERR_MODEL_NOT_AVAILABLE',
        `model "${name}" is in the catalog but its provider "${unavailable.provider}" is not configured`,
        'model',
      );
    }
    throw new GatewayError('SY_ERR_MODEL_NOT_FOUND', `model "${name}" is not a known model, provider/model or route`, 'model');
  }

  /**
   * The whole plan of `names` when it is a single route with a strategy of its own (or a fallback route
   * that itself names one route alone), so that a cascade keeps its validation and a nested decision and
   * score are not flattened away; undefined otherwise, or when that route has nothing eligible (the
   * caller's other options then serve).
   */
  wholeRoutePlan(names: readonly string[], request: ChatRequest, ctx: RouteContext, depth: number): RoutePlan | undefined {
    const only = names.length === 1 ? this.config.routes[names[0]!] : undefined;
    // a fallback route is a plain list, unless it too names one route alone (a wrapper: keep looking in)
    if (!only || (only.strategy === 'fallback' && !(only.targets.length === 1 && this.config.routes[only.targets[0]!]))) return undefined;
    try {
      return this.planName(only.name, request, ctx, depth + 1);
    } catch (err) {
      if (err instanceof NoEligibleModelError) return undefined;
      if (err instanceof GatewayError && err.code === 'SY_ERR_MODEL_NOT_AVAILABLE') return undefined;
      throw err;
    }
  }

  /** The built-in strategy: the route's targets in order, minus those the constraints exclude. */
  private planFallback(route: RouteConfig, request: ChatRequest, ctx: RouteContext, depth: number): RoutePlan {
    const rctx = withRoutePolicy(ctx, routePolicy(route));
    const whole = this.wholeRoutePlan(route.targets, request, rctx, depth);
    if (whole) return { ...whole, requested: route.name, route: route.name, decision: `fallback -> ${route.targets[0]} (${whole.decision})` };
    const { eligible, excluded } = this.candidates(route.targets, request, rctx, depth, `route "${route.name}"`);
    const plan: RoutePlan = {
      requested: route.name,
      route: route.name,
      targets: eligible,
      decision: withDropped(`fallback ${eligible.map((t) => t.modelId).join(' > ')}`, excluded),
    };
    if (excluded.length) plan.excluded = excluded;
    return plan;
  }

  /**
   * The eligible models of a list of names (nested routes planned and flattened), after constraints.
   * Throws the old `SY_ERR_MODEL_NOT_AVAILABLE` when no name has a configured provider, and a
   * `NoEligibleModelError` listing every exclusion when constraints leave nothing.
   */
  candidates(names: readonly string[], request: ChatRequest, ctx: RouteContext, depth: number, what: string): { eligible: ModelEntry[]; excluded: Exclusion[] } {
    const excluded: Exclusion[] = [];
    const expanded = this.expandTargets(names, request, ctx, depth + 1, excluded);
    if (expanded.length === 0 && excluded.every((x) => x.reason === 'unavailable')) {
      throw new GatewayError('SY_ERR_MODEL_NOT_AVAILABLE', `${what} has no target whose provider is configured`, 'model');
    }
    const filtered = filterCandidates(expanded, constraintInput(request, ctx));
    excluded.push(...filtered.excluded);
    if (filtered.eligible.length === 0) throw noEligibleModel(what, excluded);
    return { eligible: filtered.eligible, excluded };
  }

  /**
   * Expands a target list, inlining nested routes (planned with their own strategy and constraints) and
   * skipping models whose provider is missing. Skipped and excluded models are pushed to `excluded`.
   * Constraints are not applied to directly listed models here: the caller filters the whole list.
   */
  expandTargets(names: readonly string[], request: ChatRequest, ctx: RouteContext, depth: number, excluded: Exclusion[] = []): ModelEntry[] {
    const out: ModelEntry[] = [];
    const seen = new Set<string>();
    for (const n of names) {
      let targets: ModelEntry[];
      if (this.config.routes[n]) {
        try {
          targets = this.planName(n, request, ctx, depth).targets;
        } catch (err) {
          if (err instanceof NoEligibleModelError) {
            excluded.push(...err.exclusions);
            continue;
          }
          if (err instanceof GatewayError && err.code === 'SY_ERR_MODEL_NOT_AVAILABLE') continue;
          throw err;
        }
      } else {
        const entry = this.registry.get(n) ?? this.registry.passThrough(n);
        if (!entry) {
          const unavailable = this.registry.unavailableModel(n);
          if (!unavailable) throw new GatewayError('SY_ERR_MODEL_NOT_FOUND', `model "${n}" is not a known model, provider/model or route`, 'model');
          excluded.push({ modelId: n, reason: 'unavailable', detail: `provider ${unavailable.provider} not configured` });
          continue;
        }
        targets = [entry];
      }
      for (const t of targets) {
        if (!seen.has(t.modelId)) {
          seen.add(t.modelId);
          out.push(t);
        }
      }
    }
    return out;
  }
}

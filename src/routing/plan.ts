/**
 * Routing, first step: turn the requested `model` (after `model_map`) into an ordered chain of targets.
 * `model` may be a model id, `provider/upstream-model`, or a route name; the request's own `models`
 * array extends the chain. The live gateway and the simulator both call `planRoute`.
 */
import { GatewayError } from '../errors.js';
import type { Config } from '../config/types.js';
import type { ChatRequest } from '../spec/chat.js';
import { compileModelMap, type CompiledModelMap } from './model-map.js';
import type { ModelEntry, ModelRegistry } from './registry.js';

export interface RoutePlan {
  /** What the client asked for, before `model_map`. */
  requested: string;
  /** The route that decided, when `model` named one. */
  route?: string;
  /** Ordered fallback chain; never empty. */
  targets: ModelEntry[];
  /** A short human-readable reason, sent as `x-switchyard-decision`. */
  decision: string;
  /** Difficulty score when a learned router decided. */
  score?: number;
}

export interface RouteContext {
  headers?: Record<string, string | string[] | undefined>;
}

/** A route strategy other than `fallback` (added by the routing brain). */
export type Strategy = (request: ChatRequest, route: Config['routes'][string], router: Router, ctx: RouteContext) => RoutePlan;

export class Router {
  private readonly modelMap: CompiledModelMap;

  constructor(
    readonly registry: ModelRegistry,
    readonly config: Config,
    private readonly strategies: Readonly<Record<string, Strategy>> = {},
  ) {
    this.modelMap = compileModelMap(config.modelMap);
  }

  /** Config references that cannot be resolved, reported by path (checked once at start-up). */
  validate(): string[] {
    const errors: string[] = [];
    for (const route of Object.values(this.config.routes)) {
      if (route.strategy !== 'fallback' && !this.strategies[route.strategy]) {
        errors.push(`routes.${route.name}.strategy: unknown strategy "${route.strategy}" (known: fallback${Object.keys(this.strategies).map((s) => ', ' + s).join('')})`);
      }
      route.targets.forEach((t, i) => {
        if (!this.isKnownName(t)) errors.push(`routes.${route.name}.targets[${i}]: unknown model or route "${t}"`);
      });
    }
    for (const { pattern, target } of this.config.modelMap) {
      if (!this.isKnownName(target)) errors.push(`model_map.${pattern}: unknown model or route "${target}"`);
    }
    if (!this.registry.priceOf(this.config.baseline)) errors.push(`baseline: unknown model "${this.config.baseline}"`);
    return errors;
  }

  private isKnownName(name: string): boolean {
    return (
      this.config.routes[name] !== undefined ||
      this.registry.get(name) !== undefined ||
      this.registry.unavailableModel(name) !== undefined ||
      this.registry.passThrough(name) !== undefined
    );
  }

  plan(request: ChatRequest, ctx: RouteContext = {}): RoutePlan {
    const requested = request.model;
    const plan = this.planName(this.modelMap.apply(requested), request, ctx, 0);
    const extra = request.models;
    if (extra && extra.length > 0) {
      const seen = new Set(plan.targets.map((t) => t.modelId));
      const targets = [...plan.targets];
      for (const name of extra) {
        for (const t of this.planName(this.modelMap.apply(name), request, ctx, 0).targets) {
          if (!seen.has(t.modelId)) {
            seen.add(t.modelId);
            targets.push(t);
          }
        }
      }
      return { ...plan, requested, targets, decision: `${plan.decision}; request models[] adds ${targets.length - plan.targets.length}` };
    }
    return requested === plan.requested ? plan : { ...plan, requested };
  }

  /** Resolves one name: a route, a model id, or `provider/upstream`. */
  planName(name: string, request: ChatRequest, ctx: RouteContext, depth: number): RoutePlan {
    const route = this.config.routes[name];
    if (route) {
      if (depth > 4) throw new GatewayError('SY_ERR_INVALID_REQUEST', `route "${name}" nests routes too deeply`, 'model');
      if (route.strategy !== 'fallback') {
        const strategy = this.strategies[route.strategy];
        if (strategy) return strategy(request, route, this, ctx);
      }
      const targets = this.expandTargets(route.targets, request, ctx, depth + 1);
      if (targets.length === 0) {
        throw new GatewayError('SY_ERR_MODEL_NOT_AVAILABLE', `route "${name}" has no target whose provider is configured`, 'model');
      }
      return { requested: name, route: name, targets, decision: `fallback ${targets.map((t) => t.modelId).join(' > ')}` };
    }
    const entry = this.registry.get(name) ?? this.registry.passThrough(name);
    if (entry) return { requested: name, targets: [entry], decision: `model ${entry.modelId}` };
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

  /** Expands a target list, inlining nested routes and skipping models whose provider is missing. */
  expandTargets(names: readonly string[], request: ChatRequest, ctx: RouteContext, depth: number): ModelEntry[] {
    const out: ModelEntry[] = [];
    const seen = new Set<string>();
    for (const n of names) {
      let targets: ModelEntry[];
      try {
        targets = this.planName(n, request, ctx, depth).targets;
      } catch (err) {
        if (err instanceof GatewayError && err.code === 'SY_ERR_MODEL_NOT_AVAILABLE') continue;
        throw err;
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

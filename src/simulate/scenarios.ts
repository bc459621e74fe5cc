/**
 * The strategies a simulation compares, side by side:
 *   all premium   every request on the config's `baseline` model (the cost every saving is measured against)
 *   all cheap     every request on one cheap model (`--cheap`, default: the cheapest model any route
 *                 names, by effective price on this trace's cache-hit share and output ratio)
 *   route NAME    every configured route, planned by the router exactly as live
 *   auto q=...    the auto strategy at several quality settings, over the configured auto route's cheap
 *                 and premium lists (or `--cheap` / `--premium`)
 *   cascade       where the trace has outcome labels: a configured cascade route, or one built from the
 *                 same cheap / premium lists
 * Synthetic routes are added to a copy of the config (names starting with `~`) and planned by a Router
 * built by `createRouter`, the factory the gateway uses.
 */
import type { Config, RouteConfig } from '../config/types.js';
import type { CatalogModel } from '../catalog/types.js';
import type { Router } from '../routing/plan.js';
import { ModelRegistry } from '../routing/registry.js';
import { watchedNames } from '../routing/routing-inputs.js';
import type { Scorer } from '../routing/scorer/index.js';
import { autoOptions, taskMessages } from '../routing/strategies/auto.js';
import { calibrationFromProvenance, qualityToThreshold } from '../routing/strategies/auto-threshold.js';
import { cascadeOptions } from '../routing/strategies/cascade.js';
import { rankByPrice } from '../routing/strategies/cheapest.js';
import { createRouter } from '../routing/strategies/create-router.js';
import type { PriceMix } from '../routing/strategies/effective-price.js';
import type { Price } from '../spec/provider.js';
import { memoScorer, type MemoScorer } from './memo-scorer.js';
import type { TraceRecord } from './trace-types.js';

export type ScenarioKind = 'premium' | 'cheap' | 'route' | 'auto' | 'cascade';

export interface Scenario {
  label: string;
  kind: ScenarioKind;
  /** The fixed model of `premium` / `cheap` rows. */
  model?: { id: string; price: Price };
  /** The route the router plans, for the other rows. */
  route?: string;
  /** The quality setting of an `auto` row, and the score threshold it maps to. */
  quality?: number;
  threshold?: number;
}

export interface SimulationOptions {
  /** The all-cheap model, and the cheap list of the auto / cascade rows. */
  cheap?: string;
  /** The premium list of the auto / cascade rows. */
  premium?: string;
  /** Quality settings of the auto rows; default 0.2, 0.4, 0.6, 0.8. */
  qualities?: readonly number[];
  /** A quality-knob table from `router.calibration` / `--calibration` (instead of the weights' own). */
  calibration?: { table: readonly number[]; source: string };
}

export interface SimulationSetup {
  router: Router;
  registry: ModelRegistry;
  baseline: { id: string; price: Price };
  scenarios: Scenario[];
  /** Models counted as premium when a plan has no tier of its own. */
  premiumModels: ReadonlySet<string>;
  notes: string[];
  /**
   * How `quality` maps to a threshold: the weights' table (`score_quantiles`), a calibration file (its
   * path), or linear (1 - quality).
   */
  calibration: string;
}

export const DEFAULT_QUALITIES: readonly number[] = [0.2, 0.4, 0.6, 0.8];

export class SimulationSetupError extends Error {
  override name = 'SimulationSetupError';
}

/** The trace's own price mix: cache-hit share of input, output tokens per input token. */
export function traceMix(records: readonly TraceRecord[]): PriceMix {
  let input = 0;
  let cached = 0;
  let output = 0;
  for (const r of records) {
    input += r.usage.input;
    cached += r.usage.cached;
    output += r.usage.output ?? r.outcome?.weak.outputTokens ?? 0;
  }
  return input > 0 ? { cacheHit: cached / input, outputRatio: output / input } : { cacheHit: 0, outputRatio: 0 };
}

/** The model ids `roots` name (models, or routes followed to the models they name), available ones only. */
function modelsOf(roots: readonly string[], router: Router, config: Config): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (name: string): void => {
    const route = config.routes[name];
    if (!route) {
      const m = router.registry.get(name);
      if (m) out.add(m.modelId);
      return;
    }
    if (seen.has(name)) return;
    seen.add(name);
    for (const ref of router.references(route)) walk(ref);
  };
  for (const name of roots) walk(name);
  return [...out];
}

function firstRoute(config: Config, strategy: string): RouteConfig | undefined {
  return Object.values(config.routes).find((r) => r.strategy === strategy);
}

function fixedModel(registry: ModelRegistry, id: string, flag: string): { id: string; price: Price } {
  const price = registry.priceOf(id);
  if (!price) throw new SimulationSetupError(`${flag}: unknown model "${id}" (or it has no price)`);
  return { id: registry.get(id)?.modelId ?? id, price };
}

function synthetic(name: string, strategy: string, options: Record<string, unknown>): RouteConfig {
  return Object.freeze({ name, strategy, targets: [], options: Object.freeze(options) });
}

/**
 * Requests exported without their prompt are scored as the gateway scored them live (the ledger keeps
 * the score), for both views an auto route may score (the request, or its task). Returns how many.
 */
function seedRecordedScores(memo: MemoScorer | undefined, records: readonly TraceRecord[]): number {
  let n = 0;
  for (const rec of records) {
    if (rec.recordedScore === undefined) continue;
    n++;
    memo?.seed(rec.messages, rec.recordedScore);
    memo?.seed(taskMessages(rec.messages), rec.recordedScore);
  }
  return n;
}

export function buildSimulation(
  config: Config,
  catalog: readonly CatalogModel[],
  scorer: Scorer | undefined,
  records: readonly TraceRecord[],
  opts: SimulationOptions = {},
): SimulationSetup {
  const registry = new ModelRegistry(catalog, config);
  const memo = scorer ? memoScorer(scorer) : undefined;
  const deps = memo ? { scorer: memo, ...(opts.calibration ? { calibration: opts.calibration.table } : {}) } : {};
  const base = createRouter(registry, config, deps);
  const errors = base.validate();
  if (errors.length) throw new SimulationSetupError(`invalid config (${config.source}): ${errors.join('; ')}`);
  const notes: string[] = [];
  const promptless = seedRecordedScores(memo, records);
  if (promptless > 0) {
    notes.push(
      `${promptless} exported request${promptless === 1 ? '' : 's'} without a prompt (prompt logging off): auto decisions use the score the gateway recorded, rules on the last user message cannot match`,
    );
  }
  const noOutput = records.filter((r) => r.usage.output === undefined && r.outcome?.weak.outputTokens === undefined && r.outcome?.strong.outputTokens === undefined).length;
  if (noOutput > 0) notes.push(`${noOutput} routing-data line${noOutput === 1 ? ' has' : 's have'} no output_tokens for either model: their output is costed as 0 tokens (input only)`);
  const { unrecorded } = watchedNames(config);
  if (unrecorded.length > 0 && records.some((r) => r.format === 'switchyard')) {
    notes.push(`rules read ${unrecorded.join(', ')}, which the ledger never records (credential-like names): exported requests replay as if they were absent`);
  }
  const labelled = records.some((r) => r.outcome !== undefined);

  const baseline = fixedModel(registry, config.baseline, 'baseline');
  const mix = traceMix(records);
  let cheap: { id: string; price: Price };
  if (opts.cheap) cheap = fixedModel(registry, opts.cheap, '--cheap');
  else {
    const candidates = modelsOf(Object.keys(config.routes), base, config).map((id) => registry.get(id)!).filter((m) => m.priced && m.modelId !== baseline.id);
    const best = rankByPrice(candidates, mix)[0]?.model;
    cheap = best ? { id: best.modelId, price: best.price } : baseline;
  }

  // the cheap / premium lists of the auto and cascade rows
  const autoRoute = firstRoute(config, 'auto');
  const cascadeRoute = firstRoute(config, 'cascade');
  const tiersFrom = autoRoute ? autoOptions.parse(autoRoute) : cascadeRoute ? cascadeOptions.parse(cascadeRoute) : undefined;
  const cheapList = opts.cheap ? [opts.cheap] : (tiersFrom?.cheap ?? [cheap.id]);
  const premiumList = opts.premium ? [opts.premium] : (tiersFrom?.premium ?? [baseline.id]);
  if (opts.premium && !base.isKnownName(opts.premium)) throw new SimulationSetupError(`--premium: unknown model or route "${opts.premium}"`);

  const routes: Record<string, RouteConfig> = { ...config.routes };
  const scenarios: Scenario[] = [
    { label: `all premium (${baseline.id})`, kind: 'premium', model: baseline },
    { label: `all cheap (${cheap.id})`, kind: 'cheap', model: cheap },
  ];
  for (const route of Object.values(config.routes)) {
    if (route.strategy === 'cascade' && !labelled) {
      notes.push(`route ${route.name} (cascade) not simulated: the trace has no outcome labels to tell when the cheap answer fails`);
      continue;
    }
    scenarios.push({ label: `route ${route.name} (${route.strategy})`, kind: 'route', route: route.name });
  }
  const table = scorer ? (opts.calibration?.table ?? calibrationFromProvenance(scorer.provenance)) : undefined;
  if (scorer) {
    const inherited = autoRoute && !opts.cheap && !opts.premium ? { ...autoRoute.options } : {};
    delete inherited.threshold;
    for (const q of opts.qualities ?? DEFAULT_QUALITIES) {
      const name = `~auto@${q}`;
      routes[name] = synthetic(name, 'auto', { ...inherited, cheap: cheapList, premium: premiumList, quality: q, quality_header: false });
      const threshold = qualityToThreshold(q, table);
      scenarios.push({ label: `auto quality=${q} (${Number.isFinite(threshold) ? `score >= ${threshold.toFixed(3)}` : 'never premium'})`, kind: 'auto', route: name, quality: q, threshold });
    }
  } else {
    notes.push('auto rows not simulated: no difficulty scorer (router weights) available');
  }
  if (labelled && !cascadeRoute) {
    routes['~cascade'] = synthetic('~cascade', 'cascade', { cheap: cheapList, premium: premiumList });
    scenarios.push({ label: `cascade ${cheapList[0]} -> ${premiumList[0]}`, kind: 'cascade', route: '~cascade' });
  }

  const derived: Config = { ...config, routes };
  const router = createRouter(registry, derived, deps);
  const derivedErrors = router.validate();
  if (derivedErrors.length) throw new SimulationSetupError(derivedErrors.join('; '));
  const premiumModels = new Set([baseline.id, ...modelsOf(premiumList, router, config)]);
  for (const r of Object.values(config.routes)) {
    if (r.strategy === 'auto') modelsOf(autoOptions.parse(r).premium, router, config).forEach((m) => premiumModels.add(m));
    if (r.strategy === 'cascade') modelsOf(cascadeOptions.parse(r).premium, router, config).forEach((m) => premiumModels.add(m));
  }
  return { router, registry, baseline, scenarios, premiumModels, notes, calibration: opts.calibration ? opts.calibration.source : table ? 'score_quantiles' : 'linear' };
}

/**
 * The replay: every record through every scenario, in trace order. Route rows call `router.plan` (the
 * live routing function, no network) and cost the first target of the plan with the observed usage;
 * fixed rows cost their model. A cascade plan on a labelled record escalates when the cheap tier's label
 * is below `failBelow` (an oracle validator: the best a cascade can do) and costs both attempts.
 */
import { GatewayError } from '../errors.js';
import { costPico } from '../metering/money.js';
import type { RoutePlan, Tier } from '../routing/plan.js';
import { qualityFor, usageFor } from './cost.js';
import { contextFor, requestFor } from './replay.js';
import type { Scenario, SimulationSetup } from './scenarios.js';
import type { TraceRecord } from './trace-types.js';

/**
 * `observed`: cached tokens as recorded, whatever model is chosen. `affinity`: the prompt cache is per
 * model, so within a run (agent conversation) a call served by a different model than the previous call
 * pays its whole input uncached.
 */
export type CacheMode = 'observed' | 'affinity';

export interface RunOptions {
  cacheMode?: CacheMode;
  /** Cascade: the cheap answer fails when its label score is below this. Default 0.5. */
  failBelow?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ScenarioResult {
  label: string;
  kind: Scenario['kind'];
  /** Requests the strategy routed. */
  requests: number;
  /** Requests the router refused (no eligible model, ...), by error code; not costed. */
  failed: number;
  failures: Record<string, number>;
  costPico: bigint;
  /** The same routed requests on the baseline model. */
  baselinePico: bigint;
  /** Requests answered by a premium model (for a cascade: escalated ones). */
  premium: number;
  /** Sum and count of label scores (labelled records only). */
  qualitySum: number;
  qualityN: number;
  /** Cascade escalations. */
  escalated: number;
  /** Cascade plans on records without labels (costed as the cheap attempt only). */
  unvalidated: number;
  /** Requests per served model. */
  models: Record<string, number>;
}

export interface SimulationResult {
  records: number;
  labelled: number;
  cacheMode: CacheMode;
  failBelow: number;
  scenarios: ScenarioResult[];
  /** Difficulty scores of the first auto row (for calibration), when one ran. */
  scores: number[];
}

function emptyResult(s: Scenario): ScenarioResult {
  return { label: s.label, kind: s.kind, requests: 0, failed: 0, failures: {}, costPico: 0n, baselinePico: 0n, premium: 0, qualitySum: 0, qualityN: 0, escalated: 0, unvalidated: 0, models: {} };
}

/** The plan of one record under one route scenario (exported for the decision-equality tests). */
export function planFor(setup: SimulationSetup, rec: TraceRecord, route: string): RoutePlan {
  // Traffic that reached this route through model_map replays under the name the client sent, so rules on
  // `when.model` see what they saw live; the rest is asked of the route by name.
  const asked = rec.requestedModel;
  const model = asked !== undefined && asked !== route && setup.router.mapModel(asked) === route ? asked : route;
  return setup.router.plan(requestFor(rec, model), contextFor(rec));
}

export function runSimulation(setup: SimulationSetup, records: readonly TraceRecord[], opts: RunOptions = {}): SimulationResult {
  const cacheMode = opts.cacheMode ?? 'observed';
  const failBelow = opts.failBelow ?? 0.5;
  const results = setup.scenarios.map(emptyResult);
  const lastModel = setup.scenarios.map(() => new Map<string, string>());
  const scores: number[] = [];
  const firstAuto = setup.scenarios.findIndex((s) => s.kind === 'auto');
  const baselinePrice = setup.baseline.price;
  let labelled = 0;

  const add = (res: ScenarioResult, si: number, rec: TraceRecord, modelId: string, tier: Tier, cost: number, base: number): void => {
    res.requests++;
    res.costPico += BigInt(cost);
    res.baselinePico += BigInt(base);
    res.models[modelId] = (res.models[modelId] ?? 0) + 1;
    if (tier === 'premium') res.premium++;
    const q = qualityFor(rec, tier);
    if (q !== undefined) {
      res.qualitySum += q;
      res.qualityN++;
    }
    if (rec.run !== undefined) lastModel[si]!.set(rec.run, modelId);
  };

  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.outcome) labelled++;
    const base = costPico(usageFor(rec, 'premium'), baselinePrice);
    for (let si = 0; si < setup.scenarios.length; si++) {
      const s = setup.scenarios[si]!;
      const res = results[si]!;
      const cold = (modelId: string): boolean => {
        if (cacheMode !== 'affinity' || rec.run === undefined) return false;
        const last = lastModel[si]!.get(rec.run);
        return last !== undefined && last !== modelId;
      };
      if (s.model) {
        const tier: Tier = s.kind === 'premium' ? 'premium' : 'cheap';
        add(res, si, rec, s.model.id, tier, costPico(usageFor(rec, tier, { coldCache: cold(s.model.id) }), s.model.price), base);
        continue;
      }
      let plan: RoutePlan;
      try {
        plan = planFor(setup, rec, s.route!);
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        res.failed++;
        res.failures[err.code] = (res.failures[err.code] ?? 0) + 1;
        continue;
      }
      if (si === firstAuto && plan.score !== undefined) scores.push(plan.score);
      const model = plan.targets[0]!;
      const tier: Tier = plan.tier ?? (setup.premiumModels.has(model.modelId) ? 'premium' : 'cheap');
      const first = costPico(usageFor(rec, tier, { coldCache: cold(model.modelId) }), model.price);
      const escalateTo = plan.cascade?.escalate[0];
      if (plan.cascade && escalateTo && rec.outcome) {
        if (rec.outcome.weak.score < failBelow) {
          res.escalated++;
          const second = costPico(usageFor(rec, 'premium'), escalateTo.price);
          add(res, si, rec, escalateTo.modelId, 'premium', first + second, base);
        } else {
          add(res, si, rec, model.modelId, 'cheap', first, base);
        }
        continue;
      }
      if (plan.cascade) res.unvalidated++;
      add(res, si, rec, model.modelId, tier, first, base);
    }
    if (opts.onProgress && ((i + 1) % 256 === 0 || i + 1 === records.length)) opts.onProgress(i + 1, records.length);
  }
  return { records: records.length, labelled, cacheMode, failBelow, scenarios: results, scores };
}

/** What the strategies need from outside: the difficulty scorer (and optionally its calibration). */
import type { Scorer } from '../scorer/index.js';
import { calibrationFromProvenance } from './auto-threshold.js';

export interface StrategyDeps {
  /**
   * The difficulty scorer, or a function that loads it (called once, on first use; `Router.validate()`
   * calls it at start-up when a route uses `auto`, so missing weights fail the start, not a request).
   */
  scorer?: Scorer | (() => Scorer);
  /**
   * Score quantiles (ascending, evenly spaced from 0% to 100%) that map `quality` to a threshold.
   * Default: `score_quantiles` of the scorer's weights provenance; without either, threshold = 1 - quality.
   */
  calibration?: readonly number[];
}

export interface ScorerHandle {
  /** The scorer; throws when none was given or it cannot load. */
  get(): Scorer;
  /** The calibration table in use, if any (resolves the scorer). */
  calibration(): readonly number[] | undefined;
  readonly configured: boolean;
}

export function scorerHandle(deps: StrategyDeps): ScorerHandle {
  let scorer: Scorer | undefined;
  let calibration: readonly number[] | undefined | null = deps.calibration ?? null;
  const get = (): Scorer => {
    if (scorer) return scorer;
    const s = deps.scorer;
    if (!s) throw new Error('no difficulty scorer configured');
    scorer = typeof s === 'function' ? s() : s;
    return scorer;
  };
  return {
    get,
    calibration() {
      if (calibration === null) calibration = calibrationFromProvenance(get().provenance);
      return calibration;
    },
    configured: deps.scorer !== undefined,
  };
}

/**
 * The prompt difficulty scorer: a score in [0, 1], higher = the premium model is more likely needed.
 *
 * Pure TypeScript, no network, no native code. `loadScorer()` reads the shipped weights
 * (`data/router/weights.json`, resolved from the package root so it works from `src/` and `dist/`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Featurizer } from './features.js';
import { LinearModel, sigmoid, weightsFileSchema, type WeightsFile } from './model.js';
import { viewPrompt, type ScorerMessage } from './prompt.js';

export type { ScorerMessage } from './prompt.js';

/** Scores one request's messages. */
export interface Scorer {
  /** Probability-like score in [0, 1]: how likely the strong model is needed. Never throws on odd content. */
  score(messages: readonly ScorerMessage[]): number;
  /** The logit and its parts, for debugging and the CLI. */
  explain(messages: readonly ScorerMessage[]): ScoreExplanation;
  /** The `provenance` block of the weights file. */
  readonly provenance: Readonly<Record<string, unknown>>;
  /** Where the weights came from. */
  readonly path: string;
}

export interface ScoreExplanation {
  score: number;
  logit: number;
  bias: number;
  word: number;
  char: number;
  dense: number;
  prior: number;
}

/** `data/router/weights.json` of this package (src/routing/scorer -> package root is three levels up). */
export const SHIPPED_WEIGHTS = fileURLToPath(new URL('../../../data/router/weights.json', import.meta.url));

/** Validates a parsed weights file; throws an Error naming the first problem. */
export function parseWeights(raw: unknown, source = 'weights'): WeightsFile {
  const r = weightsFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length ? issue.path.join('.') : '(root)';
    throw new Error(`${source}: invalid router weights at ${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return r.data;
}

/** A scorer over already-parsed weights (used by training to evaluate exactly what it ships). */
export function scorerFromWeights(file: WeightsFile, path = '(in memory)'): Scorer {
  const model = LinearModel.fromFile(file);
  const feat = new Featurizer(file.blocks.char.n > 0);
  const explain = (messages: readonly ScorerMessage[]): ScoreExplanation => {
    feat.run(viewPrompt(Array.isArray(messages) ? messages : []));
    const e = model.explain(feat);
    return { score: sigmoid(e.logit), ...e };
  };
  return {
    score: (messages) => explain(messages).score,
    explain,
    provenance: Object.freeze({ ...file.provenance }),
    path,
  };
}

const cache = new Map<string, Scorer>();

/**
 * Loads a scorer from a weights file (default: the shipped weights). Cached per path. Throws an Error
 * naming the file when it cannot be read or is not a valid weights file.
 */
export function loadScorer(path: string = SHIPPED_WEIGHTS): Scorer {
  const hit = cache.get(path);
  if (hit) return hit;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read router weights ${path}: ${(err as Error).message}`, { cause: err });
  }
  const s = scorerFromWeights(parseWeights(raw, path), path);
  cache.set(path, s);
  return s;
}

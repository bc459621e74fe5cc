/**
 * The simulator plans every request once per compared strategy; the difficulty score of a request does not
 * depend on the strategy, so it is computed once per messages array and reused (same number, less work).
 */
import type { Scorer, ScorerMessage } from '../routing/scorer/index.js';

export interface MemoScorer extends Scorer {
  /** Fixes the score of a messages array (a request exported without its prompt: the score the gateway recorded). */
  seed(messages: readonly ScorerMessage[], score: number): void;
}

export function memoScorer(base: Scorer): MemoScorer {
  const scores = new WeakMap<readonly ScorerMessage[], number>();
  return {
    seed(messages, score) {
      scores.set(messages, score);
    },
    score(messages) {
      const hit = scores.get(messages);
      if (hit !== undefined) return hit;
      const s = base.score(messages);
      scores.set(messages, s);
      return s;
    },
    explain: (messages) => base.explain(messages),
    provenance: base.provenance,
    path: base.path,
  };
}

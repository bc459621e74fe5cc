/**
 * The simulator plans every request once per compared strategy; the difficulty score of a request does not
 * depend on the strategy, so it is computed once per messages array and reused (same number, less work).
 */
import type { Scorer, ScorerMessage } from '../routing/scorer/index.js';

export function memoScorer(base: Scorer): Scorer {
  const scores = new WeakMap<readonly ScorerMessage[], number>();
  return {
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

/**
 * Generalisation guard for the shipped difficulty scorer: two hand-written probe sets of prompt kinds the
 * training data never shows (chat, writing, role-play, extraction, coding, reasoning, math, ...; one set
 * written without sight of the other and never used for tuning). Premium-gap kinds (math, reasoning,
 * coding) must score above low-gap kinds (writing, role-play, small talk, trivia, ...).
 */
import { describe, expect, it } from 'vitest';
import { loadScorer } from '../src/routing/scorer/index.js';
import { KIND_PROBES, probeReport } from '../scripts/router/kinds.js';
import { KIND_PROBES_HOLDOUT } from '../scripts/router/kinds-holdout.js';

describe('shipped scorer on unseen prompt kinds', () => {
  const scorer = loadScorer();

  it.each([
    ['design set', KIND_PROBES],
    ['hold-out set', KIND_PROBES_HOLDOUT],
  ] as const)('%s: high-gap kinds outrank low-gap kinds', (_name, probes) => {
    const r = probeReport(scorer, probes);
    expect(probes.length).toBe(72);
    expect(r.aucHighVsLow).toBeGreaterThanOrEqual(0.78);
    expect(r.tierMeans.high!).toBeGreaterThan(r.tierMeans.low!);
    expect(r.tierMeans.mid!).toBeGreaterThan(r.tierMeans.low!);
  });
});

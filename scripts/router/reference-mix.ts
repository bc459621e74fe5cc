/**
 * The reference traffic behind the `quality` knob's calibration table (`provenance.score_quantiles`):
 * `quality: q` sends about the share q of this mix to premium.
 *
 * Half of the mix is single-turn questions (the four training files, an equal share each), half is agent
 * steps from the real agent trace (coding agent and tool agent, an equal share each). Neither half alone
 * is what a gateway sees: benchmark questions are all exam-hard single turns, agent steps are long
 * multi-turn contexts. Only the mapping quality -> threshold depends on it, never the scores' order.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Scorer, ScorerMessage } from '../../src/routing/scorer/index.js';
import { readTrace } from '../../src/simulate/read-trace.js';

export interface MixGroup {
  name: string;
  rows: number;
  share: number;
}

export interface ReferenceMix {
  scores: number[];
  weights: number[];
  groups: MixGroup[];
  trace: { file: string; sha256: string; rows: number };
}

interface TraceMeta {
  meta?: { kind?: string };
}

/** Scores both halves and weights every row so that each group gets its share. */
export function referenceMix(scorer: Scorer, benchmark: ReadonlyMap<string, ReadonlyArray<readonly ScorerMessage[]>>, tracePath: string): ReferenceMix {
  const raw = readFileSync(tracePath);
  // the agent's kind per line; messages as the simulator replays them (the run's task restored in front
  // of records that lost it to the trace's 6-message cut, as the live requests carried it)
  const kindOfLine = raw
    .toString('utf8')
    .split('\n')
    .map((line) => (line.trim() ? ((JSON.parse(line) as TraceMeta).meta?.kind ?? 'unknown') : ''));
  const trace = readTrace(tracePath);
  const byKind = new Map<string, ScorerMessage[][]>();
  for (const r of trace.records) {
    if (r.messages.length === 0) continue;
    const kind = `agent:${kindOfLine[r.line - 1] ?? 'unknown'}`;
    const list = byKind.get(kind);
    if (list) list.push(r.messages);
    else byKind.set(kind, [r.messages]);
  }
  const traceRows = trace.records.length;
  if (byKind.size === 0) throw new Error(`${tracePath}: no trace lines with messages`);
  const halves: Array<ReadonlyMap<string, ReadonlyArray<readonly ScorerMessage[]>>> = [benchmark, byKind];
  const scores: number[] = [];
  const weights: number[] = [];
  const groups: MixGroup[] = [];
  for (const half of halves) {
    const share = 0.5 / half.size;
    for (const [name, rows] of [...half].sort(([a], [b]) => a.localeCompare(b))) {
      groups.push({ name, rows: rows.length, share });
      for (const m of rows) {
        scores.push(scorer.score(m));
        weights.push(share / rows.length);
      }
    }
  }
  return {
    scores,
    weights,
    groups,
    trace: { file: tracePath.split('/').pop()!, sha256: createHash('sha256').update(raw).digest('hex'), rows: traceRows },
  };
}

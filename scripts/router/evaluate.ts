/** Evaluation helpers for training: APGR etc. per file, bootstrap intervals, markdown tables. */
import { evaluateRouter, type EvalResult } from '../../src/routing/eval/metrics.js';
import type { RoutingRow } from '../../src/routing/eval/data.js';
import { bootstrap } from '../../src/routing/eval/bootstrap.js';

export function apgr(rows: readonly RoutingRow[], scores: readonly number[]): number {
  return evaluateRouter(rows, scores).router.APGR ?? NaN;
}

/** 95% percentile bootstrap interval of APGR (resamples with a positive gap only). */
export function bootstrapApgr(rows: readonly RoutingRow[], scores: readonly number[], B: number, seed: number): [number, number] {
  const ci = bootstrap(rows, scores, B, seed).APGR_95ci;
  return ci ?? [NaN, NaN];
}

export interface FileMetrics {
  file: string;
  n: number;
  gap: number;
  APGR: number | null;
  CPT50: number | null;
  CPT80: number | null;
  S95: number | null;
  random_APGR: number | null;
  oracle_APGR: number | null;
  APGR_95ci?: [number, number];
}

export function fileMetrics(file: string, r: EvalResult): FileMetrics {
  return {
    file,
    n: r.n,
    gap: r.gap,
    APGR: r.router.APGR,
    CPT50: r.router.CPT50,
    CPT80: r.router.CPT80,
    S95: r.router.S,
    random_APGR: r.random.APGR,
    oracle_APGR: r.oracle.APGR,
  };
}

const f3 = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(3));

export function markdownTable(ms: readonly FileMetrics[]): string {
  const head = '| file | n | gap | APGR (95% CI) | CPT(50%) | CPT(80%) | S95 | random APGR | oracle APGR |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|';
  const lines = ms.map(
    (m) =>
      `| \`${m.file}\` | ${m.n} | ${f3(m.gap)} | ${f3(m.APGR)}${m.APGR_95ci ? ` (${f3(m.APGR_95ci[0])}–${f3(m.APGR_95ci[1])})` : ''} | ${f3(m.CPT50)} | ${f3(m.CPT80)} | ${f3(m.S95)} | ${f3(m.random_APGR)} | ${f3(m.oracle_APGR)} |`,
  );
  return [head, ...lines].join('\n');
}

/**
 * The simulation report: one row per strategy, the contract of `--json` and the source of the table and
 * the HTML page. Money is exact (decimal strings from integer pico-USD) with a float for charts.
 */
import { formatUsd, picoToUsd } from '../metering/money.js';
import type { SimulationResult } from './run.js';
import type { SimulationSetup } from './scenarios.js';
import type { TraceFile } from './trace-types.js';

export interface ReportRow {
  strategy: string;
  kind: string;
  requests: number;
  failed: number;
  failures: Record<string, number>;
  cost_usd: number;
  cost_usd_exact: string;
  baseline_cost_usd: number;
  baseline_cost_usd_exact: string;
  /** (baseline - cost) / baseline * 100; null when the baseline is zero. */
  savings_pct: number | null;
  /** Share of routed requests answered by a premium model, 0..1. */
  premium_share: number;
  /** Mean label score of the answers, 0..1; null without labels. */
  quality: number | null;
  escalated: number;
  unvalidated: number;
  models: Record<string, number>;
}

export interface SimulationReport {
  trace: string;
  config: string;
  requests: number;
  skipped: number;
  skip_reasons: Record<string, number>;
  formats: Record<string, number>;
  /** Records whose run's task was restored in front of their cut messages. */
  restored_heads: number;
  /** Records without recorded input tokens (estimated from the prompt) and without output tokens (assumed). */
  estimated_input: number;
  assumed_output: number;
  /** The output tokens assumed for each of those (`--output-tokens`). */
  assumed_output_tokens: number;
  labelled: number;
  baseline: string;
  cache_mode: string;
  fail_below: number;
  calibration: string;
  /** Quantiles (p10, p25, p50, p75, p90) of the difficulty scores, when an auto row ran. */
  score_quantiles: Record<string, number> | null;
  rows: ReportRow[];
  notes: string[];
}

function quantiles(scores: readonly number[]): Record<string, number> | null {
  if (scores.length === 0) return null;
  const s = [...scores].sort((a, b) => a - b);
  const at = (p: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]! * 1000) / 1000;
  return { p10: at(0.1), p25: at(0.25), p50: at(0.5), p75: at(0.75), p90: at(0.9) };
}

export function buildReport(trace: TraceFile, setup: SimulationSetup, result: SimulationResult, configSource: string): SimulationReport {
  const notes = [...setup.notes];
  if (trace.estimatedInput > 0) notes.push(`${trace.estimatedInput} requests recorded no input tokens; estimated from their prompts as the gateway estimates them`);
  if (trace.estimatedOutput > 0) notes.push(`${trace.estimatedOutput} requests recorded no output tokens; costed at ${trace.assumedOutput} each (--output-tokens), or their max_tokens when lower`);
  if (trace.restoredHeads > 0) notes.push(`${trace.restoredHeads} records lacked their run's task (messages cut to the last few); the run's system prompt and first user message were put back in front`);
  const rows = result.scenarios.map((r): ReportRow => {
    if (r.unvalidated > 0) notes.push(`${r.label}: ${r.unvalidated} cascade plans costed as the cheap attempt only (no outcome labels)`);
    if (r.failed > 0) notes.push(`${r.label}: ${r.failed} requests refused by the router (${Object.entries(r.failures).map(([c, n]) => `${c} ${n}`).join(', ')}); not costed`);
    return {
      strategy: r.label,
      kind: r.kind,
      requests: r.requests,
      failed: r.failed,
      failures: r.failures,
      cost_usd: picoToUsd(r.costPico),
      cost_usd_exact: formatUsd(r.costPico),
      baseline_cost_usd: picoToUsd(r.baselinePico),
      baseline_cost_usd_exact: formatUsd(r.baselinePico),
      savings_pct: r.baselinePico > 0n ? (Number(r.baselinePico - r.costPico) / Number(r.baselinePico)) * 100 : null,
      premium_share: r.requests > 0 ? r.premium / r.requests : 0,
      quality: r.qualityN > 0 ? r.qualitySum / r.qualityN : null,
      escalated: r.escalated,
      unvalidated: r.unvalidated,
      models: r.models,
    };
  });
  return {
    trace: trace.path,
    config: configSource,
    requests: result.records,
    skipped: trace.skipped,
    skip_reasons: trace.skipReasons,
    formats: trace.formats,
    restored_heads: trace.restoredHeads,
    estimated_input: trace.estimatedInput,
    assumed_output: trace.estimatedOutput,
    assumed_output_tokens: trace.assumedOutput,
    labelled: result.labelled,
    baseline: setup.baseline.id,
    cache_mode: result.cacheMode,
    fail_below: result.failBelow,
    calibration: setup.calibration,
    score_quantiles: quantiles(result.scores),
    rows,
    notes,
  };
}

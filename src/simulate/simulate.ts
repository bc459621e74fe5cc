/**
 * One simulation, end to end and without network: read the trace, build the router exactly as the gateway
 * does (config + catalog + strategies), replay every request through every compared strategy, report.
 */
import type { CatalogModel } from '../catalog/types.js';
import type { Config } from '../config/types.js';
import type { Scorer } from '../routing/scorer/index.js';
import { readTrace } from './read-trace.js';
import { TraceError } from './parse-line.js';
import { buildReport, type SimulationReport } from './report.js';
import { runSimulation, type CacheMode } from './run.js';
import { buildSimulation, type SimulationOptions } from './scenarios.js';

export interface SimulateInput extends SimulationOptions {
  tracePath: string;
  config: Config;
  catalog: readonly CatalogModel[];
  /** The difficulty scorer; without it the auto rows are left out (and auto routes are an error). */
  scorer?: Scorer;
  limit?: number;
  /** Output tokens assumed for a request the trace records none for. */
  assumedOutput?: number;
  cacheMode?: CacheMode;
  failBelow?: number;
  /** Called once the trace is read, then as records are replayed. */
  onStart?: (total: number) => void;
  onProgress?: (done: number, total: number) => void;
}

export function simulate(input: SimulateInput): SimulationReport {
  const trace = readTrace(input.tracePath, {
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
    ...(input.assumedOutput !== undefined ? { assumedOutput: input.assumedOutput } : {}),
  });
  if (trace.records.length === 0) {
    const why = Object.entries(trace.skipReasons).map(([reason, n]) => `${n} ${reason}`).join(', ');
    throw new TraceError(`${input.tracePath}: no request to replay${why ? ` (skipped: ${why})` : ' (the trace is empty)'}`);
  }
  const setup = buildSimulation(input.config, input.catalog, input.scorer, trace.records, input);
  input.onStart?.(trace.records.length);
  const result = runSimulation(setup, trace.records, {
    ...(input.cacheMode ? { cacheMode: input.cacheMode } : {}),
    ...(input.failBelow !== undefined ? { failBelow: input.failBelow } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  return buildReport(trace, setup, result, input.config.source);
}

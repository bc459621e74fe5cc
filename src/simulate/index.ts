/** The routing simulator: replays traces through the live routing function and compares strategies. */
export { simulate, type SimulateInput } from './simulate.js';
export { readTrace, type ReadOptions } from './read-trace.js';
export { parseTraceLine, TraceError } from './parse-line.js';
export { toExportLine, EXPORT_SOURCE, type ExportLine } from './export-format.js';
export { buildSimulation, SimulationSetupError, DEFAULT_QUALITIES, type Scenario, type SimulationOptions, type SimulationSetup } from './scenarios.js';
export { runSimulation, planFor, type CacheMode, type SimulationResult, type ScenarioResult } from './run.js';
export { buildReport, type ReportRow, type SimulationReport } from './report.js';
export { renderReport, renderRows, renderMarkdown } from './table.js';
export { renderHtml } from './html.js';
export { requestFor, contextFor } from './replay.js';
export type { TraceRecord, TraceFile, TraceFormat, ObservedUsage, OutcomeLabels } from './trace-types.js';

/**
 * `switchyard simulate --trace FILE.jsonl [--config FILE]`: replays a trace through the same routing
 * function as the live gateway, with no network, and prints the strategies side by side: cost, baseline
 * cost, savings, premium share, and quality where the trace has outcome labels. `--json` prints the
 * report object instead (its `rows[]` fields are a contract for scripts); `--html FILE` also writes a
 * self-contained page with a cost-vs-quality chart. A progress bar shows on stderr for long traces when
 * stderr is a terminal.
 */
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { loadCatalogSync } from '../catalog/load.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { configuredCalibration } from '../routing/calibration-file.js';
import { loadScorer, SHIPPED_WEIGHTS, type Scorer } from '../routing/scorer/index.js';
import { renderHtml } from '../simulate/html.js';
import { DEFAULT_ASSUMED_OUTPUT, TraceError } from '../simulate/parse-line.js';
import { SimulationSetupError } from '../simulate/scenarios.js';
import { simulate, type SimulateInput } from '../simulate/simulate.js';
import { renderMarkdown, renderReport } from '../simulate/table.js';
import { CliError } from './fail.js';
import { parsePositiveInt } from './options.js';

interface SimulateOptions {
  trace: string;
  config?: string;
  weights?: string;
  calibration?: string;
  cheap?: string;
  premium?: string;
  quality?: string;
  failBelow?: string;
  cache: 'observed' | 'affinity';
  limit?: number;
  outputTokens?: number;
  json?: boolean;
  markdown?: boolean;
  html?: string;
}

/** Traces at least this long get a progress bar (on a terminal). */
const PROGRESS_MIN = 2_000;

function parseQualities(text: string): number[] {
  const qs = text.split(',').map((s) => Number(s.trim()));
  if (qs.length === 0 || qs.some((q) => !Number.isFinite(q) || q < 0 || q > 1)) throw new CliError('--quality needs numbers between 0 and 1, e.g. 0.2,0.4,0.6,0.8');
  return qs;
}

function parseUnit(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new CliError(`${flag} must be a number between 0 and 1`);
  return n;
}

/** `--weights`, else the config's `router.weights` (already resolved against the config file), else the shipped weights. */
function weightsPath(o: SimulateOptions, config: Config): string {
  return o.weights ?? config.routerWeights ?? SHIPPED_WEIGHTS;
}

function scorerFor(o: SimulateOptions, config: Config): Scorer | undefined {
  const path = weightsPath(o, config);
  try {
    return loadScorer(path);
  } catch (err) {
    const needed = Object.values(config.routes).some((r) => r.strategy === 'auto');
    if (needed || o.weights) throw new CliError((err as Error).message);
    return undefined;
  }
}

function progress(enabled: boolean): Pick<SimulateInput, 'onStart' | 'onProgress'> & { stop(): void } {
  if (!enabled) return { stop() {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    onStart(total) {
      if (total < PROGRESS_MIN) return;
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: 'simulating [{bar}] {percentage}% | {value}/{total} requests | {eta}s', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    onProgress(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** `--calibration`, else the config's `router.calibration`, checked against the weights in use. */
function calibrationFor(o: SimulateOptions, config: Config): { table: readonly number[]; source: string } | undefined {
  const path = o.calibration ?? config.routerCalibration;
  if (!path) return undefined;
  try {
    const table = configuredCalibration(path, weightsPath(o, config));
    return table ? { table, source: path } : undefined;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export async function runSimulate(o: SimulateOptions): Promise<void> {
  const config = loadConfig(o.config);
  const scorer = scorerFor(o, config);
  const calibration = scorer ? calibrationFor(o, config) : undefined;
  const bar = progress(process.stderr.isTTY === true);
  let report;
  try {
    report = simulate({
      tracePath: o.trace,
      config,
      catalog: loadCatalogSync().models,
      ...(scorer ? { scorer } : {}),
      ...(calibration ? { calibration } : {}),
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
      ...(o.outputTokens !== undefined ? { assumedOutput: o.outputTokens } : {}),
      ...(o.cheap ? { cheap: o.cheap } : {}),
      ...(o.premium ? { premium: o.premium } : {}),
      ...(o.quality ? { qualities: parseQualities(o.quality) } : {}),
      ...(o.failBelow !== undefined ? { failBelow: parseUnit('--fail-below', o.failBelow) } : {}),
      cacheMode: o.cache,
      ...bar,
    });
  } catch (err) {
    if (err instanceof TraceError || err instanceof SimulationSetupError) throw new CliError(err.message);
    throw err;
  } finally {
    bar.stop();
  }
  if (o.html) {
    try {
      writeFileSync(o.html, renderHtml(report));
    } catch (err) {
      throw new CliError(`cannot write ${o.html}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (o.markdown) process.stdout.write(`${renderMarkdown(report.rows)}\n`);
  else process.stdout.write(renderReport(report));
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('replay a trace through the router (no network) and compare routing strategies: cost, savings, premium share, quality')
    .requiredOption('--trace <file>', 'JSONL trace: agent trace, routing data (weak/strong labels), `switchyard export` output, or request bodies / {id, messages} lines without usage (.gz ok)')
    .option('--config <file>', 'config whose routes, baseline and catalog are simulated (default: the same resolution as `serve`)')
    .option('--weights <file>', 'router weights for the difficulty scorer (default: router.weights, else the shipped weights)')
    .option('--calibration <file>', 'quality-knob table from `switchyard route calibrate` (default: router.calibration, else the weights\' own)')
    .option('--cheap <model>', 'the all-cheap model, and the cheap tier of the auto/cascade rows (default: cheapest model the routes name)')
    .option('--premium <model>', 'the premium tier of the auto/cascade rows (default: the first auto route\'s, else the baseline)')
    .option('--quality <list>', 'quality settings of the auto rows', '0.2,0.4,0.6,0.8')
    .option('--fail-below <score>', 'cascade: the cheap answer fails when its label score is below this', '0.5')
    .addOption(new Option('--cache <mode>', 'observed: cached tokens as recorded; affinity: a switch of model within a run loses the cache').choices(['observed', 'affinity']).default('observed'))
    .option('--limit <n>', 'replay only the first N requests', parsePositiveInt('--limit'))
    .option('--output-tokens <n>', `output tokens assumed for a request the trace records none for (default ${DEFAULT_ASSUMED_OUTPUT}; capped by its max_tokens)`, parsePositiveInt('--output-tokens'))
    .option('--json', 'print the report as one JSON object')
    .option('--markdown', 'print the table as Markdown')
    .option('--html <file>', 'also write a self-contained HTML report with a cost-vs-quality chart')
    .action(async (o: SimulateOptions) => {
      await runSimulate(o);
    });
}

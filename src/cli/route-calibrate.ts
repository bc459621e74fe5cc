/**
 * `switchyard route calibrate --trace FILE`: fits the `auto` strategy's quality knob to your own traffic.
 * Scores every request of a trace (agent trace, routing data or `switchyard export` output, read exactly
 * as `simulate` reads it) and writes the score quantiles as a calibration file for `router.calibration`:
 * then `quality: q` sends about the share q of that traffic to the premium tier.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from './fail.js';
import { parsePositiveInt } from './options.js';
import { scorerFor, weightsFromConfig } from './route.js';
import { CALIBRATION_FORMAT, weightsSha256, type CalibrationFile } from '../routing/calibration-file.js';
import { calibrationFromProvenance, qualityToThreshold, scoreQuantiles } from '../routing/strategies/auto-threshold.js';
import { taskMessages } from '../routing/strategies/auto.js';
import { loadScorer, SHIPPED_WEIGHTS, type Scorer } from '../routing/scorer/index.js';
import { readTrace } from '../simulate/read-trace.js';
import { TraceError } from '../simulate/parse-line.js';

interface CalibrateOpts {
  trace: string;
  config?: string;
  weights?: string;
  out?: string;
  points: number;
  scoreOn: 'request' | 'task';
  limit?: number;
}

const SUMMARY_QUALITIES = [0.1, 0.25, 0.5, 0.75, 0.9];

function share(scores: readonly number[], threshold: number): number {
  let n = 0;
  for (const s of scores) if (s >= threshold) n++;
  return scores.length ? n / scores.length : 0;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function runCalibrate(o: CalibrateOpts, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void {
  const weights = o.weights ?? (o.config ? weightsFromConfig(o.config) : undefined) ?? SHIPPED_WEIGHTS;
  let scorer: Scorer;
  try {
    scorer = o.weights ? loadScorer(weights) : o.config ? scorerFor(o.config) : loadScorer(weights);
  } catch (err) {
    throw err instanceof CliError ? err : new CliError((err as Error).message);
  }
  let records;
  try {
    records = readTrace(o.trace, o.limit === undefined ? {} : { limit: o.limit }).records;
  } catch (err) {
    if (err instanceof TraceError) throw new CliError(err.message);
    throw err;
  }
  const scores: number[] = [];
  let unscored = 0;
  for (const r of records) {
    if (r.messages.length === 0) {
      unscored++;
      continue;
    }
    scores.push(scorer.score(o.scoreOn === 'task' ? taskMessages(r.messages) : r.messages));
  }
  if (scores.length === 0) {
    throw new CliError(`${o.trace}: no request with a prompt to score (a ledger export carries prompts only with logging.prompts: true)`);
  }
  const table = scoreQuantiles(scores, o.points);
  const file: CalibrationFile = {
    format: CALIBRATION_FORMAT,
    score_quantiles: table,
    weights_sha256: weightsSha256(weights),
    source: { trace: o.trace, requests: scores.length },
    created_at: new Date().toISOString(),
  };
  const json = `${JSON.stringify(file, null, 1)}\n`;
  if (o.out) {
    try {
      writeFileSync(o.out, json);
    } catch (err) {
      throw new CliError(`cannot write ${o.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else stdout.write(json);

  // what the knob does on this traffic, with this table and with the weights' own
  const own = calibrationFromProvenance(scorer.provenance);
  const lines = [`calibrated on ${scores.length} requests of ${o.trace} (score_on: ${o.scoreOn})${o.out ? `; wrote ${o.out}` : ''}`];
  // a skew the user must know about: the table describes only the requests it saw
  if (unscored > 0) lines.push(`warning: ${unscored} of ${records.length} requests have no prompt to score and are left out (export them with logging.prompts: true)`);
  lines.push(`quality  threshold  premium share${own ? '  (weights\' own table: threshold, share)' : ''}`);
  for (const q of SUMMARY_QUALITIES) {
    const t = qualityToThreshold(q, table);
    let row = `${q.toFixed(2).padStart(7)}  ${t.toFixed(3).padStart(9)}  ${pct(share(scores, t)).padStart(13)}`;
    if (own) {
      const t0 = qualityToThreshold(q, own);
      row += `  (${t0.toFixed(3)}, ${pct(share(scores, t0))})`;
    }
    lines.push(row);
  }
  lines.push(`use it: router: { calibration: ${o.out ?? 'FILE'} } in the config (or simulate --calibration ${o.out ?? 'FILE'})`);
  stderr.write(`${lines.join('\n')}\n`);
}

export function registerCalibrateCommand(route: Command): void {
  route
    .command('calibrate')
    .description("fit the auto strategy's quality knob to your traffic: quality q sends about the share q of it to premium")
    .requiredOption('--trace <file>', 'JSONL trace: switchyard export output (with prompts), agent trace or routing data (.gz ok)')
    .option('--config <file>', 'YAML config; router.weights names the weights file (default: shipped weights)')
    .option('--weights <file>', 'router weights (default: router.weights of --config, else the shipped weights)')
    .option('--out <file>', 'write the calibration file here (default: stdout)')
    .option('--points <n>', 'quantiles in the table', parsePositiveInt('--points'), 101)
    .option('--score-on <what>', 'score the whole request or only the task (system + first user message), as the route does', 'request')
    .option('--limit <n>', 'only the first N requests', parsePositiveInt('--limit'))
    .action((o: CalibrateOpts) => {
      if (o.scoreOn !== 'request' && o.scoreOn !== 'task') throw new CliError('--score-on must be request or task');
      if (o.points < 2) throw new CliError('--points must be at least 2');
      runCalibrate(o, process.stdout, process.stderr);
    });
}

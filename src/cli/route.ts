/**
 * `switchyard route score` and `switchyard route eval`: the difficulty scorer from the command line.
 *
 *   route score --input FILE.jsonl [--config FILE]
 *       reads {"id", "messages"} lines (FILE may be .gz, or - for stdin), prints {"id", "score"} lines (same
 *       order); stdout carries only those.
 *   route eval --data FILE.jsonl [--scores FILE.jsonl] [--prices WI,WO,SI,SO] [--target 0.95] [--config FILE] [--json]
 *       APGR, CPT(50%), CPT(80%), S95 and the cost ratio at 95% of strong quality, router vs random vs oracle
 *       (definitions of ../shared/data/routing/README.md; same numbers as eval_router.py).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { CliError } from './fail.js';
import { registerCalibrateCommand } from './route-calibrate.js';
import { interpolate } from '../config/interpolate.js';
import { loadScorer, SHIPPED_WEIGHTS, type Scorer, type ScorerMessage } from '../routing/scorer/index.js';
import { evaluateRouter, toReferenceJson, type CurveMetrics, type EvalResult, type Prices } from '../routing/eval/metrics.js';
import { alignScores, DataError, readRoutingData, readScores } from '../routing/eval/data.js';
import { bootstrap, type BootstrapResult } from '../routing/eval/bootstrap.js';

/** The weights file named by `router.weights` in a YAML config (relative to the config file), if any. */
export function weightsFromConfig(configPath: string): string | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(configPath, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read config ${configPath}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${configPath}: the config must be a YAML mapping`);
  const router = (raw as Record<string, unknown>).router;
  if (router === undefined || router === null) return undefined;
  if (typeof router !== 'object' || Array.isArray(router)) throw new CliError(`${configPath}: router must be a mapping`);
  const errors: string[] = [];
  const w = interpolate((router as Record<string, unknown>).weights, process.env, errors, 'router.weights');
  if (errors.length) throw new CliError(`${configPath}: ${errors[0]}`);
  if (w === undefined || w === null || w === '') return undefined;
  if (typeof w !== 'string') throw new CliError(`${configPath}: router.weights must be a file path`);
  return isAbsolute(w) ? w : resolve(dirname(configPath), w);
}

/** The scorer for an optional --config: its `router.weights`, else the shipped weights. */
export function scorerFor(configPath?: string): Scorer {
  const path = (configPath ? weightsFromConfig(configPath) : undefined) ?? SHIPPED_WEIGHTS;
  try {
    return loadScorer(path);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

// --------------------------------------------------------------------------- score

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * The id as it goes back out, JSON-encoded. A number is echoed as written when a double cannot hold it
 * (9007199254740993 would come back as ...992, and the evaluator would then miss the id).
 */
function idJson(id: string | number, text: string): string {
  if (typeof id === 'string' || Number.isSafeInteger(id) || !Number.isInteger(id)) return JSON.stringify(id);
  return topLevelNumberText(text, 'id') ?? JSON.stringify(id);
}

/**
 * The source text of the number under `key` in the outermost object of a JSON line (nested objects and
 * strings skipped), or undefined. Only called for the rare id a double cannot hold.
 */
export function topLevelNumberText(text: string, key: string): string | undefined {
  const wanted = JSON.stringify(key);
  let depth = 0;
  let found: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth !== 1 || text.slice(start, i + 1) !== wanted) continue;
      const value = /^\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i + 1));
      if (value) found = value[1]; // JSON.parse keeps the last of repeated keys: so does this
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return found;
}

/** Validates one input line; returns the id (as JSON) and messages or throws CliError naming the line. */
export function parseScoreLine(text: string, line: number): { id: string; messages: ScorerMessage[] } {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch (err) {
    throw new CliError(`line ${line}: not valid JSON (${(err as Error).message})`);
  }
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new CliError(`line ${line}: expected a JSON object, got ${describe(r)}`);
  const o = r as Record<string, unknown>;
  const id = o.id;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    const got = typeof id === 'number' ? 'a number too large for JSON' : describe(id);
    throw new CliError(`line ${line}: "id" must be a string or a finite number (got ${got})`);
  }
  const messages = o.messages;
  if (!Array.isArray(messages)) throw new CliError(`line ${line}: "messages" must be an array of {role, content} (got ${describe(messages)})`);
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new CliError(`line ${line}: messages[${i}] must be an object`);
    const { role, content } = m as Record<string, unknown>;
    if (typeof role !== 'string') throw new CliError(`line ${line}: messages[${i}].role must be a string`);
    if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      throw new CliError(`line ${line}: messages[${i}].content must be a string or an array of parts (got ${describe(content)})`);
    }
  }
  return { id: idJson(id, text), messages: messages as ScorerMessage[] };
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Streams `input` line by line and writes one `{"id", "score"}` line per non-blank input line, in order.
 * Throws CliError on the first malformed line (lines before it have been written).
 */
export async function scoreFile(input: string, scorer: Scorer, out: Writable, stdin: Readable = process.stdin): Promise<number> {
  let stream: Readable;
  if (input === '-') stream = stdin;
  else {
    const file = createReadStream(input);
    const opened = new Promise<void>((res, rej) => {
      file.once('open', () => res());
      file.once('error', rej);
    });
    try {
      await opened;
    } catch (err) {
      throw new CliError(`cannot read ${input}: ${(err as Error).message}`);
    }
    // a read or gzip error (not gzip after all, truncated) surfaces in the line loop below as "cannot read"
    if (input.endsWith('.gz')) {
      const gunzip = createGunzip();
      // pipe() does not forward a read error: hand it to gunzip so the line loop sees it
      file.once('error', (err) => gunzip.destroy(err));
      stream = file.pipe(gunzip).once('close', () => file.destroy());
    } else stream = file;
  }
  stream.setEncoding('utf8');
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let n = 0;
  let buf = '';
  try {
    for await (const raw of rl) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (!text.trim()) continue;
      const { id, messages } = parseScoreLine(text, line);
      buf += `{"id":${id},"score":${JSON.stringify(scorer.score(messages))}}\n`;
      n++;
      if (buf.length > 1 << 16) {
        await write(out, buf);
        buf = '';
      }
    }
  } catch (err) {
    if (buf) await write(out, buf);
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${input}: ${(err as Error).message}`);
  } finally {
    rl.close();
    stream.destroy();
  }
  if (buf) await write(out, buf);
  return n;
}

// --------------------------------------------------------------------------- eval

export function parsePrices(s: string): Prices {
  const p = s.split(',').map((x) => Number(x.trim()));
  if (p.length !== 4 || p.some((x) => !Number.isFinite(x) || x < 0) || s.trim() === '') {
    throw new CliError('--prices needs four non-negative numbers: weak_in,weak_out,strong_in,strong_out (USD per 1M tokens)');
  }
  return [p[0]!, p[1]!, p[2]!, p[3]!];
}

const num = (v: number | null | undefined, w = 9, nd = 3): string => (v === null || v === undefined ? '-' : v.toFixed(nd)).padStart(w);

/** The readable report: header, router/random/oracle table, quality curve. */
export function formatReport(r: EvalResult, dataPath: string, scoresLabel: string): string {
  const pct = Math.round(r.target * 100);
  const out: string[] = [];
  out.push(
    `data    ${dataPath}: ${r.n} prompts; weak ${r.weakModel ?? '?'} Q=${r.qWeak.toFixed(4)}; strong ${r.strongModel ?? '?'} Q=${r.qStrong.toFixed(4)}; gap=${r.gap >= 0 ? '+' : ''}${r.gap.toFixed(4)}`,
  );
  out.push(`        strong better on ${(r.fracStrongBetter * 100).toFixed(1)}%, weak >= strong on ${(r.fracWeakBetterOrEqual * 100).toFixed(1)}%`);
  out.push(`router  ${scoresLabel}: ${r.distinctScores} distinct scores`);
  const extra = Object.keys(r.router.costRatioByBasis).filter((b) => b !== r.headline && b !== 'calls');
  const costHead = `cost@${pct}%${r.headline === 'prices' ? ' (prices)' : ' (calls)'}`;
  out.push('');
  out.push(
    ''.padEnd(8) +
      ['APGR', 'CPT(50%)', 'CPT(80%)', `S${pct}`].map((h) => h.padStart(9)).join('') +
      costHead.padStart(20) +
      extra.map((b) => `cost@${pct}% (${b})`.padStart(22)).join(''),
  );
  const rowOf = (name: string, m: CurveMetrics): string =>
    name.padEnd(8) +
    num(m.APGR) +
    num(m.CPT50) +
    num(m.CPT80) +
    num(m.S) +
    num(m.costRatio, 20) +
    extra.map((b) => num(m.costRatioByBasis[b as keyof typeof m.costRatioByBasis], 22)).join('');
  out.push(rowOf('router', r.router), rowOf('random', r.random), rowOf('oracle', r.oracle));
  out.push('');
  out.push('quality vs strong-call fraction:');
  out.push(`${'x'.padStart(6)}${'router'.padStart(9)}${'random'.padStart(9)}${'oracle'.padStart(9)}`);
  for (const k of Object.keys(r.router.qualityAt)) {
    out.push(k.padStart(6) + [r.router, r.random, r.oracle].map((m) => (m.qualityAt[k] ?? NaN).toFixed(4).padStart(9)).join(''));
  }
  return out.join('\n') + '\n';
}

interface EvalOpts {
  data: string;
  scores?: string;
  prices?: string;
  target: string;
  config?: string;
  json?: boolean;
  bootstrap?: string;
  seed?: string;
}

function wholeNumber(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new CliError(`${flag} must be a whole number >= ${min}`);
  return n;
}

/** The line eval_router.py prints for `--bootstrap`. */
function formatBootstrap(b: BootstrapResult): string {
  const r4 = (v: [number, number] | null): string => (v ? `[${v.map((x) => x.toFixed(4)).join(', ')}]` : 'n/a');
  const p = b['P(APGR>0.5)'];
  return `bootstrap (B=${b.B}, seed ${b.seed}): APGR 95% CI ${r4(b.APGR_95ci)}, CPT50 95% CI ${r4(b.CPT50_95ci)}, P(APGR>0.5)=${p === null ? 'n/a' : p.toFixed(3)}\n`;
}

export async function runEval(o: EvalOpts, out: Writable, err: Writable): Promise<EvalResult> {
  const target = Number(o.target);
  if (!Number.isFinite(target) || target <= 0 || target > 1) throw new CliError('--target must be a number in (0, 1]');
  const prices = o.prices !== undefined ? parsePrices(o.prices) : undefined;
  const resamples = o.bootstrap !== undefined ? wholeNumber(o.bootstrap, '--bootstrap', 1) : 0;
  const seed = wholeNumber(o.seed ?? '0', '--seed', 0);
  let boot: BootstrapResult | undefined;
  let result: EvalResult;
  let label: string;
  try {
    const rows = readRoutingData(o.data);
    let scores: number[];
    if (o.scores) {
      const map = readScores(o.scores);
      scores = alignScores(rows, map, o.scores);
      const extra = map.size - rows.length;
      if (extra > 0) err.write(`warning: ${extra} ids in ${o.scores} are not in ${o.data}; ignored\n`);
      label = o.scores;
    } else {
      const scorer = scorerFor(o.config);
      scores = rows.map((r) => scorer.score(r.messages));
      label = `scorer ${scorer.path}`;
    }
    result = evaluateRouter(rows, scores, { ...(prices ? { prices } : {}), target });
    if (resamples > 0) boot = bootstrap(rows, scores, resamples, seed);
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof DataError) throw new CliError(e.message);
    throw e;
  }
  for (const w of result.warnings) err.write(`warning: ${w}\n`);
  if (o.json) {
    await write(out, JSON.stringify({ data: o.data, scores: label, ...(boot ? { bootstrap: boot } : {}), ...toReferenceJson(result) }) + '\n');
  } else {
    await write(out, formatReport(result, o.data, label) + (boot ? formatBootstrap(boot) : ''));
  }
  return result;
}

// --------------------------------------------------------------------------- registration

export function registerRouteCommand(program: Command): void {
  const route = program.command('route').description('difficulty scorer: score prompts, evaluate a router, calibrate the quality knob');

  route
    .command('score')
    .description('print {"id", "score"} per {"id", "messages"} input line; higher = premium model more likely needed')
    .requiredOption('--input <file>', 'JSONL file (.gz ok; - for stdin), one {"id", "messages": [{role, content}]} per line')
    .option('--config <file>', 'YAML config; router.weights names the weights file (default: shipped weights)')
    .action(async (o: { input: string; config?: string }) => {
      const scorer = scorerFor(o.config);
      await scoreFile(o.input, scorer, process.stdout);
    });

  route
    .command('eval')
    .description('APGR, CPT(50%), CPT(80%), S95 and cost at 95% of strong quality: router vs random vs oracle')
    .requiredOption('--data <file>', 'routing data JSONL (.gz ok): id, messages, weak/strong scores')
    .option('--scores <file>', 'scores JSONL {"id", "score"}; default: score with the scorer')
    .option('--prices <wi,wo,si,so>', 'USD per 1M tokens: weak in, weak out, strong in, strong out')
    .option('--target <fraction>', 'quality target as a fraction of strong quality', '0.95')
    .option('--config <file>', 'YAML config; router.weights names the weights file')
    .option('--bootstrap <n>', 'resamples for 95% confidence intervals of APGR and CPT(50%)')
    .option('--seed <n>', 'bootstrap seed', '0')
    .option('--json', 'print one JSON object (eval_router.py key names)')
    .action(async (o: EvalOpts) => {
      await runEval(o, process.stdout, process.stderr);
    });

  registerCalibrateCommand(route);
}

/**
 * Trains the difficulty scorer (`npm run train:router`) and writes data/router/weights.json.
 *
 *   tsx scripts/train-router.ts [--data DIR] [--trace FILE] [--out FILE] [--tune [--grid NAME]] [--loso] [--seed N] [--no-write]
 *
 * Deterministic: featurisation, idf, standardisation and the L-BFGS fit involve no randomness; the seed
 * only drives the bootstrap intervals reported for the dev splits. Trains on the four *_train.jsonl files
 * only; the *_dev.jsonl files are used for tuning (`--tune`) and for the reported metrics.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DENSE_NAMES, HASH_SIZE, N_DENSE, type DenseName } from '../src/routing/scorer/features.js';
import { encodeBlock, WEIGHTS_FORMAT, type WeightsFile } from '../src/routing/scorer/model.js';
import { fitLogistic, fitPlatt, margins } from '../src/routing/scorer/train/logreg.js';
import { parseWeights, scorerFromWeights } from '../src/routing/scorer/index.js';
import { evaluateRouter } from '../src/routing/eval/metrics.js';
import {
  buildCsr,
  COL_CHAR,
  COL_DENSE,
  copyWidth,
  featuriseFiles,
  labels,
  LEARNED_DENSE,
  makeDesign,
  MONOTONE_DENSE,
  nCols,
  sharedCols,
  sourceWeights,
  type Design,
  type Featurised,
  type LabelKind,
} from './router/dataset.js';
import { apgr, bootstrapApgr, fileMetrics, markdownTable, type FileMetrics } from './router/evaluate.js';
import { referenceMix } from './router/reference-mix.js';
import { qualityToThreshold, scoreQuantiles } from '../src/routing/strategies/auto-threshold.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['routellm_mmlu', 'routellm_gsm8k', 'mmlu_pro_flash_pro', 'mmlu_pro_llama8b_70b'] as const;

export interface TrainConfig {
  label: LabelKind;
  /** Per-source weight exponent: 0 = every row counts once, 1 = every source counts the same. */
  balance: number;
  groupBy: Design['groupBy'];
  lambdaWord: number;
  lambdaChar: number;
  lambdaDense: number;
  minDf: number;
  useChar: boolean;
  useDense: boolean;
  /** Private per-pair feature copies in training (see dataset.ts Design.pairs). */
  pairCopies: boolean;
  /** Multiplier on the hand-set prior (0 = none). */
  priorScale: number;
  /** Multiplier on the task-kind prior (KIND_PRIOR; 0 = none). */
  kindScale: number;
  maxIter: number;
}

/** The configuration chosen with --tune (see data/router/README.md for the search and its results). */
export const FINAL: TrainConfig = {
  label: 'gain',
  balance: 1,
  groupBy: 'pair',
  lambdaWord: 1e-3,
  lambdaChar: 1e-3,
  lambdaDense: 1e-3,
  minDf: 3,
  useChar: false,
  useDense: true,
  pairCopies: true,
  priorScale: 1,
  kindScale: 1,
  maxIter: 300,
};

/**
 * Hand-set prior for what the benchmark data cannot teach, because these features are constant there
 * (one user turn, no code fences, no tools, no system prompt, no images, short prompts). Weights are in
 * units of the learned logit's standard deviation over the training prompts (`sigmas` per unit of the
 * raw feature, which is a log1p count), capped at `cap`, so the prior is comparable to what was learned.
 * Priors on features that do vary in these data (reasoning / constraint words, unfenced code lines) were
 * tried and left out: they lowered dev and leave-one-source-out APGR (see data/router/README.md).
 */
export interface PriorTerm {
  name: DenseName;
  sigmas: number;
  cap: number;
  why: string;
}

export const PRIOR: readonly PriorTerm[] = [
  { name: 'log_code_fences', sigmas: 1.4, cap: Math.log1p(6), why: 'fenced code: code tasks (one block = +1.5 sd)' },
  { name: 'log_tool_turns', sigmas: 0.5, cap: Math.log1p(16), why: 'agent steps: tool results and tool calls to reason over' },
  { name: 'log_json_marks', sigmas: 0.15, cap: Math.log1p(64), why: 'structured / tool-like JSON content' },
  { name: 'log_user_turns', sigmas: 0.3, cap: Math.log1p(8), why: 'multi-turn context to stay consistent with' },
  { name: 'log_system_chars', sigmas: 0.06, cap: Math.log1p(16_000), why: 'long system prompts = more instructions to follow' },
  { name: 'log_images', sigmas: 0.5, cap: Math.log1p(4), why: 'images (multimodal requests)' },
  { name: 'log_total_chars', sigmas: 0.1, cap: Math.log1p(200_000), why: 'long contexts beyond the longest training prompts' },
];

/**
 * Task-kind prior (features.ts TASK_WORDS; presence, not counts). The training prompts are all exam
 * questions, so they cannot say that a proof or a coding task needs the strong model more than a poem or
 * small talk; published comparisons of strong and weak models (MT-bench categories, RouteLLM) do. Unlike
 * PRIOR, these terms are a fixed offset *during* the fit: the learned weights work around them where the
 * data speaks (within GSM8K, the words that mark math are no sign of a harder problem), and they carry
 * over to kinds the data never shows.
 */
export const KIND_PRIOR: readonly PriorTerm[] = [
  { name: 'log_math_task_words', sigmas: 0.25, cap: Math.log1p(1), why: 'math: proofs, equations, probability, number theory (half strength: within the exam data math words go with smaller gains)' },
  { name: 'log_code_task_words', sigmas: 0.5, cap: Math.log1p(1), why: 'code: implement, debug, algorithms, complexity' },
  { name: 'log_logic_task_words', sigmas: 0.5, cap: Math.log1p(1), why: 'logic puzzles and deduction' },
  { name: 'log_open_task_words', sigmas: -0.5, cap: Math.log1p(1), why: 'open-ended writing, role-play, rewriting, small talk: weak models do about as well' },
];

interface Args {
  data: string;
  /** Agent trace for the quality knob's reference mix (scripts/router/reference-mix.ts). */
  trace: string;
  out: string;
  tune: boolean;
  grid: string;
  loso: boolean;
  seed: number;
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { data: resolve(ROOT, '../shared/data/routing'), trace: resolve(ROOT, '../shared/data/traces/agent_trace.jsonl'), out: join(ROOT, 'data/router/weights.json'), tune: false, grid: 'reg', loso: false, seed: 20240810, write: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--data') a.data = resolve(v());
    else if (k === '--trace') a.trace = resolve(v());
    else if (k === '--out') a.out = resolve(v());
    else if (k === '--tune') a.tune = true;
    else if (k === '--grid') a.grid = v();
    else if (k === '--loso') a.loso = true;
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--no-write') a.write = false;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

function log(msg: string): void {
  process.stderr.write(msg + '\n');
}

export interface Fitted {
  design: Design;
  w: Float64Array;
  iterations: number;
  /** Logit weights of the KIND_PRIOR terms the fit was made around (empty: none). */
  kindW: number[];
}

function fitOnce(data: Featurised, trainIdx: number[], cfg: TrainConfig, offset?: Float64Array, init?: Float64Array): Fitted {
  const design = makeDesign(data, trainIdx, {
    minDf: cfg.minDf,
    useChar: cfg.useChar,
    dense: cfg.useDense ? LEARNED_DENSE : null,
    groupBy: cfg.groupBy,
    pairCopies: cfg.pairCopies,
  });
  const X = buildCsr(data, trainIdx, design, true);
  const lambda = new Float64Array(nCols(design));
  lambda.fill(cfg.lambdaWord, 0, COL_CHAR);
  lambda.fill(cfg.lambdaChar, COL_CHAR, COL_DENSE);
  const nd = design.dense ? design.dense.names.length : 0;
  lambda.fill(cfg.lambdaDense, COL_DENSE, COL_DENSE + nd);
  const sc = sharedCols(design);
  const cw = copyWidth(design);
  design.pairs.forEach((_, k) => {
    const b = sc + k * cw;
    lambda.fill(cfg.lambdaWord, b, b + COL_CHAR);
    lambda.fill(cfg.lambdaChar, b + COL_CHAR, b + COL_DENSE);
    lambda.fill(cfg.lambdaDense, b + COL_DENSE, b + cw);
  });
  const nonNegative = design.dense ? MONOTONE_DENSE.map((n) => COL_DENSE + design.dense!.names.indexOf(n)).filter((j) => j >= COL_DENSE) : [];
  const r = fitLogistic(X, labels(data, trainIdx, cfg.label), sourceWeights(data, trainIdx, cfg.balance), {
    lambda,
    nonNegative,
    maxIter: cfg.maxIter,
    ...(offset ? { offset } : {}),
    ...(init ? { init } : {}),
  });
  return { design, w: r.w, iterations: r.iterations, kindW: [] };
}

/** Standard deviation of the learned logit (text + structural, no intercepts) over the training rows. */
function learnedSd(f: Fitted, data: Featurised, trainIdx: number[]): number {
  const nd = f.design.dense ? f.design.dense.names.length : 0;
  const w = new Float64Array(f.w.length);
  w.set(f.w.subarray(0, COL_DENSE + nd));
  const z = margins(buildCsr(data, trainIdx, f.design), w);
  let m = 0;
  for (const v of z) m += v;
  m /= z.length;
  let v2 = 0;
  for (const v of z) v2 += (v - m) * (v - m);
  return Math.sqrt(v2 / z.length);
}

/** The value of prior terms for row i, given their logit weights. */
function priorValue(data: Featurised, i: number, terms: readonly PriorTerm[], weights: readonly number[]): number {
  let v = 0;
  terms.forEach((p, k) => (v += weights[k]! * Math.min(data.dense[i * N_DENSE + DENSE_NAMES.indexOf(p.name)]!, p.cap)));
  return v;
}

/**
 * Fits the model. With a task-kind prior, in two stages: a plain fit gives the scale of the learned logit
 * (the prior is set in its standard deviations), then the fit is redone with the prior as a fixed offset.
 */
export function fit(data: Featurised, trainIdx: number[], cfg: TrainConfig): Fitted {
  const plain = fitOnce(data, trainIdx, cfg);
  if (!cfg.kindScale) return plain;
  const sd = learnedSd(plain, data, trainIdx);
  const kindW = KIND_PRIOR.map((p) => p.sigmas * sd * cfg.kindScale);
  const offset = Float64Array.from(trainIdx, (i) => priorValue(data, i, KIND_PRIOR, kindW));
  const f = fitOnce(data, trainIdx, cfg, offset, plain.w);
  return { ...f, iterations: plain.iterations + f.iterations, kindW };
}


function byFile(data: Featurised): Map<string, number[]> {
  const m = new Map<string, number[]>();
  data.file.forEach((f, i) => {
    const a = m.get(f);
    if (a) a.push(i);
    else m.set(f, [i]);
  });
  return m;
}

/** Dev APGR of the model as it would ship (prior, calibration, quantisation, inference code). */
function devApgrs(data: Featurised, files: Map<string, number[]>, f: Fitted, trainIdx: number[], cfg: TrainConfig, names: readonly string[]): number[] {
  const scorer = scorerFromWeights(parseWeights(JSON.parse(JSON.stringify(buildWeightsFile(f, data, trainIdx, cfg, {})))));
  return names.map((name) => {
    const rows = files.get(name)!.map((i) => data.rows[i]!);
    return apgr(
      rows,
      rows.map((r) => scorer.score(r.messages)),
    );
  });
}

const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(3)).join(' ');
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Leave-one-source-out: train on the other three *_train files, test on the left-out *_dev file. */
function loso(data: Featurised, files: Map<string, number[]>, cfg: TrainConfig): number[] {
  return SOURCES.map((s) => {
    const trainIdx = SOURCES.filter((t) => t !== s).flatMap((t) => files.get(`${t}_train`)!);
    const f = fit(data, trainIdx, cfg);
    return devApgrs(data, files, f, trainIdx, cfg, [`${s}_dev`])[0]!;
  });
}

/** Named search grids for --tune (each varies a few settings around FINAL). */
function tuneGrid(name: string): TrainConfig[] {
  const base = FINAL;
  const out: TrainConfig[] = [];
  if (name === 'reg') {
    for (const useChar of [true, false]) for (const l of [1e-3, 3e-3, 1e-2]) out.push({ ...base, useChar, lambdaWord: l, lambdaChar: l });
  } else if (name === 'label') {
    for (const label of ['binary', 'gain'] as const) for (const balance of [0, 0.5, 1]) out.push({ ...base, label, balance });
  } else if (name === 'dense') {
    for (const ld of [1e-4, 1e-3, 1e-2, 1e-1]) out.push({ ...base, lambdaDense: ld });
    out.push({ ...base, useDense: false });
  } else if (name === 'prior') {
    for (const priorScale of [0, 1, 2]) out.push({ ...base, priorScale });
  } else if (name === 'copies') {
    out.push(
      { ...base, pairCopies: false },
      { ...base, pairCopies: true },
      { ...base, pairCopies: true, lambdaWord: 3e-4 },
      { ...base, pairCopies: true, useChar: true },
      { ...base, pairCopies: true, balance: 1 },
    );
  } else if (name === 'explore2') {
    out.push(
      { ...base, balance: 0 },
      { ...base, balance: 1 },
      { ...base, lambdaWord: 3e-4 },
      { ...base, lambdaWord: 2e-3 },
      { ...base, lambdaDense: 1e-2 },
      { ...base, lambdaDense: 1e-4 },
    );
  } else if (name === 'explore') {
    out.push(
      { ...base },
      { ...base, pairCopies: true },
      { ...base, label: 'binary' },
      { ...base, label: 'binary', pairCopies: true },
      { ...base, balance: 0 },
      { ...base, balance: 1 },
      { ...base, lambdaWord: 3e-4 },
      { ...base, lambdaWord: 3e-4, pairCopies: true },
    );
  } else if (name === 'kind') {
    for (const kindScale of [0, 0.5, 1, 2, 3]) out.push({ ...base, kindScale });
  } else if (name === 'pairs') {
    for (const pairCopies of [false, true]) for (const useChar of [false, true]) out.push({ ...base, pairCopies, useChar });
  } else if (name === 'misc') {
    out.push({ ...base, groupBy: 'none' }, { ...base, groupBy: 'source' }, { ...base, minDf: 2 }, { ...base, minDf: 10 });
  } else {
    throw new Error(`unknown grid ${name} (reg, label, dense, misc, pairs, explore, explore2, copies, prior, kind)`);
  }
  return out;
}

/**
 * The shipped model: shared weights only (pair copies dropped), the prior converted from sigmas to logit
 * units, then Platt-scaled on the training prompts so that the score estimates P(strong > weak).
 */
export function buildWeightsFile(
  f: Fitted,
  data: Featurised,
  trainIdx: number[],
  cfg: TrainConfig,
  provenance: Record<string, unknown>,
  prior: readonly PriorTerm[] = PRIOR,
): WeightsFile {
  const d = f.design;
  const nd = d.dense ? d.dense.names.length : 0;
  const gcol = new Map(d.groups.map((g, k) => [g, COL_DENSE + nd + k]));
  const key = (i: number): string => (d.groupBy === 'pair' ? data.pair[i]! : d.groupBy === 'source' ? data.file[i]!.replace(/_(train|dev)$/, '') : 'all');
  // bias = intercepts averaged over the training rows' groups
  let bias = 0;
  for (const i of trainIdx) bias += f.w[gcol.get(key(i))!]!;
  bias /= trainIdx.length;
  const shared = f.w.slice(0, COL_DENSE + nd);
  const sd = learnedSd(f, data, trainIdx);
  const wNoIntercept = new Float64Array(f.w.length);
  wNoIntercept.set(shared);
  const learned = margins(buildCsr(data, trainIdx, d), wNoIntercept);
  // request-shape prior in sd units of the learned logit, then the task-kind prior the fit was made around
  const terms = [...prior, ...(f.kindW.length ? KIND_PRIOR : [])];
  const priorW = [...prior.map((p) => p.sigmas * sd * cfg.priorScale), ...f.kindW];
  const logits = Float64Array.from(learned, (v, r) => v + bias + priorValue(data, trainIdx[r]!, terms, priorW));
  const better = Float64Array.from(trainIdx, (i) => (data.rows[i]!.strong.score > data.rows[i]!.weak.score ? 1 : 0));
  const { a, c } = fitPlatt(logits, better);
  const scaled = Float64Array.from(shared, (x) => x * a);
  return {
    format: WEIGHTS_FORMAT,
    hash_bits: 18,
    bias: a * bias + c,
    blocks: {
      word: encodeBlock(d.idfWord, scaled.subarray(0, HASH_SIZE)),
      char: encodeBlock(d.idfChar, scaled.subarray(COL_CHAR, COL_CHAR + HASH_SIZE)),
    },
    dense: d.dense
      ? {
          names: d.dense.names,
          mean: d.dense.mean,
          std: d.dense.std,
          lo: d.dense.lo,
          hi: d.dense.hi,
          weights: Array.from(scaled.subarray(COL_DENSE, COL_DENSE + nd)),
        }
      : { names: [], mean: [], std: [], lo: [], hi: [], weights: [] },
    prior: { names: terms.map((p) => p.name), weights: priorW.map((w) => w * a), caps: terms.map((p) => p.cap) },
    provenance: {
      ...provenance,
      hyperparameters: cfg,
      learned_logit_sd: sd,
      calibration: { note: 'Platt scaling on the training prompts, target strong.score > weak.score; folded into all weights', a, c },
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const trainPaths = SOURCES.map((s) => join(args.data, `${s}_train.jsonl`));
  const devPaths = SOURCES.map((s) => join(args.data, `${s}_dev.jsonl`));
  const t0 = Date.now();
  const { data, files } = featuriseFiles([...trainPaths, ...devPaths]);
  log(`featurised ${data.rows.length} rows in ${Date.now() - t0} ms`);
  const fileIdx = byFile(data);
  const trainIdx = SOURCES.flatMap((s) => fileIdx.get(`${s}_train`)!);
  const devNames = SOURCES.map((s) => `${s}_dev`);

  if (args.tune) {
    const results: Array<{ cfg: TrainConfig; dev: number[]; loso?: number[] }> = [];
    for (const cfg of tuneGrid(args.grid)) {
      const t = Date.now();
      const f = fit(data, trainIdx, cfg);
      const dev = devApgrs(data, fileIdx, f, trainIdx, cfg, devNames);
      const r: { cfg: TrainConfig; dev: number[]; loso?: number[] } = { cfg, dev };
      if (args.loso) r.loso = loso(data, fileIdx, cfg);
      results.push(r);
      log(
        `${JSON.stringify({ ...cfg, maxIter: undefined })}  dev ${fmt(dev)} mean ${mean(dev).toFixed(4)} min ${Math.min(...dev).toFixed(3)}` +
          (r.loso ? `  loso ${fmt(r.loso)} mean ${mean(r.loso).toFixed(4)}` : '') +
          `  (${f.iterations} it, ${Date.now() - t} ms)`,
      );
    }
    return;
  }

  const cfg = FINAL;
  const t1 = Date.now();
  const fitted = fit(data, trainIdx, cfg);
  log(`fitted in ${Date.now() - t1} ms (${fitted.iterations} L-BFGS iterations)`);
  const losoRes = args.loso ? loso(data, fileIdx, cfg) : undefined;

  const trainFiles = files.slice(0, SOURCES.length);
  const provenance: Record<string, unknown> = {
    description: `Switchyard prompt difficulty scorer: hashed word uni+bigram${cfg.useChar ? ' and char 3-5-gram' : ''} TF-IDF + structural features + hand-set request-shape prior, L2 logistic regression (L-BFGS) with per-pair feature copies, Platt-calibrated`,
    trained_at: new Date().toISOString().slice(0, 10),
    training_script: 'scripts/train-router.ts (npm run train:router)',
    seed: args.seed,
    training_files: trainFiles.map((f) => ({ file: f.name, sha256: f.sha256, rows: f.rows })),
    tuning_files: files.slice(SOURCES.length).map((f) => ({ file: f.name, sha256: f.sha256, rows: f.rows })),
    data_source: '../shared/data/routing (see its README.md: RouteLLM and MMLU-Pro outcomes)',
    target: cfg.label === 'gain' ? 'soft label (strong.score - weak.score + 1) / 2' : 'strong.score > weak.score',
    prior: PRIOR.map((p) => ({ feature: p.name, sigmas: p.sigmas, cap: p.cap, why: p.why })),
    kind_prior: KIND_PRIOR.map((p) => ({ feature: p.name, sigmas: p.sigmas * cfg.kindScale, cap: p.cap, why: p.why, in_fit: 'fixed offset' })),
  };
  const wf0 = buildWeightsFile(fitted, data, trainIdx, cfg, provenance);

  // evaluate exactly what ships: the quantised weights through the inference path
  const scorer = scorerFromWeights(parseWeights(JSON.parse(JSON.stringify(wf0))));
  const evalFile = (name: string, withCi: boolean): FileMetrics => {
    const idx = fileIdx.get(name)!;
    const rows = idx.map((i) => data.rows[i]!);
    const scores = rows.map((r) => scorer.score(r.messages));
    const m = fileMetrics(`${name}.jsonl`, evaluateRouter(rows, scores));
    if (withCi) m.APGR_95ci = bootstrapApgr(rows, scores, 200, args.seed);
    return m;
  };
  const dev = devNames.map((n) => evalFile(n, true));
  const train = SOURCES.map((s) => evalFile(`${s}_train`, false));
  // the quality knob's calibration: score quantiles of a fixed mix of benchmark prompts and agent steps
  const mix = referenceMix(
    scorer,
    new Map(SOURCES.map((s) => [s, fileIdx.get(`${s}_train`)!.map((i) => data.rows[i]!.messages)])),
    args.trace,
  );
  const quantiles = scoreQuantiles(mix.scores, 101, mix.weights);
  const shareAt = (q: number, group: string): number => {
    const t = qualityToThreshold(q, quantiles);
    let n = 0;
    let k = 0;
    let off = 0;
    for (const g of mix.groups) {
      if (g.name === group) for (let r = off; r < off + g.rows; r++, n++) if (mix.scores[r]! >= t) k++;
      off += g.rows;
    }
    return Math.round((k / n) * 1000) / 1000;
  };
  log(`quality -> premium share per group: ${[0.25, 0.5, 0.75].map((q) => `q=${q}: ${mix.groups.map((g) => `${g.name} ${shareAt(q, g.name)}`).join(', ')}`).join(' | ')}`);
  const round = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1e4) / 1e4);
  const compact = (m: FileMetrics): Record<string, unknown> => ({
    file: m.file,
    APGR: round(m.APGR),
    CPT50: round(m.CPT50),
    CPT80: round(m.CPT80),
    S95: round(m.S95),
    ...(m.APGR_95ci ? { APGR_95ci: m.APGR_95ci.map(round) } : {}),
  });
  const wf: WeightsFile = {
    ...wf0,
    provenance: {
      ...wf0.provenance,
      score_quantiles: quantiles,
      score_quantiles_reference: {
        note: 'quality q -> threshold = the (1 - q) quantile of these scores (src/routing/strategies/auto-threshold.ts); the mix is half training prompts, half agent steps (scripts/router/reference-mix.ts)',
        groups: mix.groups,
        trace: mix.trace,
        premium_share_at_quality: Object.fromEntries(
          [0.25, 0.5, 0.75].map((q) => [String(q), Object.fromEntries(mix.groups.map((g) => [g.name, shareAt(q, g.name)]))]),
        ),
      },
      metrics: {
        note: 'computed with the shipped (quantised) weights through the inference code; definitions of ../shared/data/routing/README.md',
        dev: dev.map(compact),
        train: train.map(compact),
        ...(losoRes ? { leave_one_source_out_dev_APGR: Object.fromEntries(SOURCES.map((s, i) => [s, round(losoRes[i])])) } : {}),
      },
    },
  };
  console.log('dev splits:\n' + markdownTable(dev));
  console.log('\ntrain splits:\n' + markdownTable(train));
  if (losoRes) console.log(`\nleave-one-source-out dev APGR: ${SOURCES.map((s, i) => `${s} ${losoRes[i]!.toFixed(3)}`).join(', ')}`);
  if (args.write) {
    mkdirSync(dirname(args.out), { recursive: true });
    const json = JSON.stringify(wf, null, 1) + '\n';
    writeFileSync(args.out, json);
    log(`wrote ${args.out} (${(json.length / 1024).toFixed(0)} KiB; word buckets ${wf.blocks.word.n}, char buckets ${wf.blocks.char.n})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    process.stderr.write(`train-router: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

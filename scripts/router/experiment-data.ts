/** Shared loading for the router experiments: the four train and dev splits, featurised once. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWeights, scorerFromWeights } from '../../src/routing/scorer/index.js';
import { featuriseFiles, type Featurised } from './dataset.js';

export const SOURCES = ['routellm_mmlu', 'routellm_gsm8k', 'mmlu_pro_flash_pro', 'mmlu_pro_llama8b_70b'] as const;

export function loadSplits(dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/routing')): {
  data: Featurised;
  byFile: Map<string, number[]>;
} {
  const { data } = featuriseFiles([...SOURCES.map((s) => join(dir, `${s}_train.jsonl`)), ...SOURCES.map((s) => join(dir, `${s}_dev.jsonl`))]);
  const byFile = new Map<string, number[]>();
  data.file.forEach((f, i) => {
    const rows = byFile.get(f);
    if (rows) rows.push(i);
    else byFile.set(f, [i]);
  });
  return { data, byFile };
}

/** The scorer of the shipped `data/router/weights.json`, the experiments' reference. */
export function loadShippedScorer(): ReturnType<typeof scorerFromWeights> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return scorerFromWeights(parseWeights(JSON.parse(readFileSync(join(root, 'data/router/weights.json'), 'utf8'))));
}

/** Zero mean, unit variance (a constant list stays centred), so two signals can be added by sd. */
export function standardise(xs: number[]): number[] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length) || 1;
  return xs.map((x) => (x - m) / sd);
}

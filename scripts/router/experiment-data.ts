/** Shared loading for the router experiments: the four train and dev splits, featurised once. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Experiment (not part of training): how far can *any* prompt-only router get on the Llama 8B -> 70B pair?
 * The two MMLU-Pro files hold the same questions, so for each Llama question the Gemini Flash and Pro
 * correctness labels are known. They say more about that question's difficulty than any text feature can
 * (they are outcomes, not guesses from the wording). Ranking the Llama dev split by them, with the mean
 * Llama gain of each (flash, pro) outcome fitted on the train split (the Bayes-optimal use of those two
 * labels), shows how much a difficulty estimate can do there. It is not a strict bound on text models (a
 * prompt can carry other signal: on Flash -> Pro the text scorer beats the Llama labels), but on Llama
 * no text model tried comes near it. Results: data/router/README.md, Results.
 *
 *   tsx scripts/router/label-bound.ts [DATA_DIR]
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRoutingData, type RoutingRow } from '../../src/routing/eval/data.js';
import { apgr } from './evaluate.js';

const dir = process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/routing');
const questionId = (r: RoutingRow): string => r.id.slice(r.id.lastIndexOf('-') + 1);
const byQuestion = (rows: RoutingRow[]): Map<string, RoutingRow> => new Map(rows.map((r) => [questionId(r), r]));
const gain = (r: RoutingRow): number => r.strong.score - r.weak.score;

function bound(target: string, other: string): void {
  const train = readRoutingData(join(dir, `${target}_train.jsonl`));
  const dev = readRoutingData(join(dir, `${target}_dev.jsonl`));
  const otherRows = byQuestion([...readRoutingData(join(dir, `${other}_train.jsonl`)), ...readRoutingData(join(dir, `${other}_dev.jsonl`))]);
  const cell = (r: RoutingRow): string | undefined => {
    const o = otherRows.get(questionId(r));
    return o ? `${o.weak.score}/${o.strong.score}` : undefined;
  };
  // mean target-pair gain per outcome of the other pair, on the train split only
  const sums = new Map<string, [number, number]>();
  for (const r of train) {
    const c = cell(r);
    if (c === undefined) continue;
    const s = sums.get(c) ?? [0, 0];
    sums.set(c, [s[0] + gain(r), s[1] + 1]);
  }
  const overall = train.reduce((a, r) => a + gain(r), 0) / train.length;
  const fitted = dev.map((r) => {
    const s = sums.get(cell(r) ?? '');
    return s ? s[0] / s[1] : overall;
  });
  const matched = dev.filter((r) => cell(r) !== undefined).length;
  const table = [...sums].map(([c, [s, n]]) => `${c}: ${(s / n).toFixed(3)} (n=${n})`).join(', ');
  console.log(`${target}_dev (${matched}/${dev.length} questions with ${other} labels)`);
  console.log(`  mean ${target} gain per ${other} outcome (weak/strong), train: ${table}`);
  console.log(`  APGR ranked by that fitted gain: ${apgr(dev, fitted).toFixed(3)}`);
}

bound('mmlu_pro_llama8b_70b', 'mmlu_pro_flash_pro');
bound('mmlu_pro_flash_pro', 'mmlu_pro_llama8b_70b');

import { readFileSync } from 'node:fs';
import { loadScorer } from './src/routing/scorer/index.js';
const s = loadScorer('/tmp/sy/weights.json');
const q = (a: number[]) => { a.sort((x, y) => x - y); return [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1].map((p) => a[Math.min(a.length - 1, Math.floor(p * (a.length - 1)))]!.toFixed(3)).join(' '); };
for (const f of ['routellm_mmlu_train', 'routellm_gsm8k_train', 'mmlu_pro_flash_pro_train', 'mmlu_pro_llama8b_70b_train', 'routellm_gsm8k_dev']) {
  const rows = readFileSync(`../shared/data/routing/${f}.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  console.log(f, q(rows.map((r) => s.score(r.messages))));
}
const t0 = Date.now();
const rows = readFileSync('../shared/data/traces/agent_trace.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const t1 = Date.now();
const sc = rows.map((r) => s.score(r.messages));
console.log('agent', q(sc), 'parse ms', t1 - t0, 'score ms', Date.now() - t1);
console.log('swe', q(sc.filter((_, i) => rows[i].run.startsWith('mini'))), 'tau', q(sc.filter((_, i) => rows[i].run.startsWith('tau'))));

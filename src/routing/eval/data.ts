/**
 * Reading routing data sets (`../shared/data/routing/*.jsonl`, `.jsonl.gz` too) and score files, with the
 * same checks as eval_router.py: every row needs an id and finite weak/strong scores, ids are unique.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ScorerMessage } from '../scorer/prompt.js';
import type { Outcome, OutcomeRow } from './metrics.js';

/** A routing data row: the prompt (the router's only input) and both models' outcomes. */
export interface RoutingRow extends OutcomeRow {
  source?: string;
  messages: ScorerMessage[];
}

export class DataError extends Error {
  override name = 'DataError';
}

/** Lines of a text file (`.gz` decompressed), with 1-based line numbers, blank lines skipped. */
export function readLines(path: string): Array<{ line: number; text: string }> {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
    if (path.endsWith('.gz')) buf = gunzipSync(buf);
  } catch (err) {
    throw new DataError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const out: Array<{ line: number; text: string }> = [];
  const lines = buf.toString('utf8').split('\n');
  lines.forEach((text, i) => {
    if (text.trim()) out.push({ line: i + 1, text });
  });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optNumber(v: unknown): number | null | undefined {
  if (v === null || v === undefined) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function outcome(v: unknown, where: string, side: string): Outcome {
  if (!isObject(v)) throw new DataError(`${where}: bad data row ('${side}' is not an object)`);
  const s = typeof v.score === 'number' ? v.score : typeof v.score === 'string' ? Number(v.score) : NaN;
  if (!Number.isFinite(s)) throw new DataError(`${where}: ${side}.score is not a finite number`);
  const o: Outcome = { score: s };
  if (typeof v.model === 'string') o.model = v.model;
  const ot = optNumber(v.output_tokens);
  if (ot !== undefined) o.output_tokens = ot;
  const it = optNumber(v.input_tokens);
  if (it !== undefined) o.input_tokens = it;
  const cu = optNumber(v.cost_usd);
  if (cu !== undefined) o.cost_usd = cu;
  return o;
}

/** Parses and checks one data line. */
export function parseRoutingRow(text: string, where: string): RoutingRow {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${where}: not JSON (${(err as Error).message})`);
  }
  if (!isObject(r)) throw new DataError(`${where}: bad data row (not a JSON object)`);
  if (typeof r.id !== 'string' && typeof r.id !== 'number') throw new DataError(`${where}: bad data row (no 'id')`);
  const row: RoutingRow = {
    id: String(r.id),
    weak: outcome(r.weak, where, 'weak'),
    strong: outcome(r.strong, where, 'strong'),
    messages: Array.isArray(r.messages) ? (r.messages as ScorerMessage[]) : [],
  };
  if (typeof r.source === 'string') row.source = r.source;
  const pt = optNumber(r.prompt_tokens);
  if (typeof pt === 'number') row.prompt_tokens = pt;
  return row;
}

/** Reads a routing data set. Throws DataError naming file and line on the first bad row or duplicate id. */
export function readRoutingData(path: string): RoutingRow[] {
  const rows: RoutingRow[] = [];
  const seen = new Set<string>();
  for (const { line, text } of readLines(path)) {
    const row = parseRoutingRow(text, `${path}:${line}`);
    if (seen.has(row.id)) throw new DataError(`${path}:${line}: duplicate id ${JSON.stringify(row.id)} in data`);
    seen.add(row.id);
    rows.push(row);
  }
  if (rows.length === 0) throw new DataError(`${path}: no rows`);
  return rows;
}

/** Reads a scores file (`{"id", "score"}` per line) into a map. Duplicate ids and non-finite scores throw. */
export function readScores(path: string): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { line, text } of readLines(path)) {
    const where = `${path}:${line}`;
    let r: unknown;
    try {
      r = JSON.parse(text);
    } catch (err) {
      throw new DataError(`${where}: not JSON (${(err as Error).message})`);
    }
    if (!isObject(r) || (typeof r.id !== 'string' && typeof r.id !== 'number') || r.score === undefined) {
      throw new DataError(`${where}: bad score row; expected {"id": ..., "score": <number>}`);
    }
    const s = typeof r.score === 'number' ? r.score : typeof r.score === 'string' ? Number(r.score) : NaN;
    const id = String(r.id);
    if (!Number.isFinite(s)) throw new DataError(`${where}: score for ${JSON.stringify(id)} is not a finite number`);
    if (scores.has(id)) throw new DataError(`${where}: duplicate id ${JSON.stringify(id)} in scores`);
    scores.set(id, s);
  }
  return scores;
}

/** Scores aligned with `rows`; every row must be scored (as eval_router.py requires). */
export function alignScores(rows: readonly RoutingRow[], scores: ReadonlyMap<string, number>, scoresPath: string): number[] {
  const missing = rows.filter((r) => !scores.has(r.id)).map((r) => r.id);
  if (missing.length) {
    throw new DataError(
      `${missing.length} of ${rows.length} data ids have no score in ${scoresPath} (e.g. ${missing.slice(0, 3).map((s) => JSON.stringify(s)).join(', ')})`,
    );
  }
  return rows.map((r) => scores.get(r.id)!);
}

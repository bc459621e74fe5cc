/** Reads a JSONL trace (`.gz` too) into replayable records, in file order. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_ASSUMED_OUTPUT, parseTraceLine, TraceError } from './parse-line.js';
import { restoreRunHeads } from './restore-head.js';
import type { TraceFile } from './trace-types.js';

export interface ReadOptions {
  /** Stop after this many replayable records. */
  limit?: number;
  /** Output tokens assumed for a request that records none (default DEFAULT_ASSUMED_OUTPUT). */
  assumedOutput?: number;
}

export function readTrace(path: string, opts: ReadOptions = {}): TraceFile {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
    if (path.endsWith('.gz')) buf = gunzipSync(buf);
  } catch (err) {
    throw new TraceError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  const text = buf.toString('utf8');
  const parse = { assumedOutput: opts.assumedOutput ?? DEFAULT_ASSUMED_OUTPUT };
  const file: TraceFile = { path, records: [], skipped: 0, skipReasons: {}, formats: {}, restoredHeads: 0, estimatedInput: 0, estimatedOutput: 0, assumedOutput: parse.assumedOutput };
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (start < text.length && file.records.length < limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    const r = parseTraceLine(raw, line, path, parse);
    if ('skip' in r) {
      file.skipped++;
      file.skipReasons[r.skip] = (file.skipReasons[r.skip] ?? 0) + 1;
      continue;
    }
    file.records.push(r);
    file.formats[r.format] = (file.formats[r.format] ?? 0) + 1;
    if (r.estimated?.input) file.estimatedInput++;
    if (r.estimated?.output) file.estimatedOutput++;
  }
  file.restoredHeads = restoreRunHeads(file.records);
  return file;
}

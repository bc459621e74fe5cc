/**
 * Behaviour switches read from the model name (`gpt-4o-fault-429`, `deepseek-reasoner`, `x-parallel`,
 * `x-len-500`). Parsed once per distinct name and memoised: the benchmark sends the same few names
 * over and over, so the hot path is one Map lookup.
 */

export const FAULTS = [
  '429-retry-after',
  '429',
  '500-once',
  '500',
  '503',
  '401',
  'reset',
  'no-response',
  'slow-first-token',
  'stream-cut',
  'stream-stall',
  'malformed-chunk',
  'no-done',
  'context-length',
  'content-filter-finish',
  'content-filter',
] as const;

export type FaultName = (typeof FAULTS)[number];

export interface ModelTraits {
  fault?: FaultName;
  /** Numeric suffix of the fault (`fault-429-retry-after-0` → 0, `fault-slow-first-token-300` → 300). */
  faultArg?: number;
  /** Emits reasoning: the name contains `reasoner`, `thinking` or `r1`. */
  reasoning: boolean;
  /** Returns two tool calls: the name contains `parallel`. */
  parallel: boolean;
  /** Natural reply length in words from `len-N` (capped), overriding the seeded default. */
  length?: number;
}

export const MAX_LENGTH = 8192;
// Alternation order matters: longer names first so `fault-429-retry-after` is not read as `fault-429`.
const FAULT_RE = new RegExp(`fault-(${FAULTS.join('|')})(?:-(\\d+))?`, 'i');
const LEN_RE = /(?:^|[-_/.:])len-(\d+)/i;
const REASONING_RE = /reasoner|thinking|r1/i;
const MEMO_LIMIT = 10_000;
const memo = new Map<string, ModelTraits>();

export function modelTraits(model: string): ModelTraits {
  const hit = memo.get(model);
  if (hit) return hit;
  const traits = parseTraits(model);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(model, traits);
  return traits;
}

function parseTraits(model: string): ModelTraits {
  const traits: ModelTraits = { reasoning: REASONING_RE.test(model), parallel: /parallel/i.test(model) };
  const f = FAULT_RE.exec(model);
  if (f) {
    traits.fault = (f[1] as string).toLowerCase() as FaultName;
    if (f[2] !== undefined) traits.faultArg = Number(f[2]);
  }
  const len = LEN_RE.exec(model);
  if (len) traits.length = Math.max(1, Math.min(MAX_LENGTH, Number(len[1])));
  return traits;
}

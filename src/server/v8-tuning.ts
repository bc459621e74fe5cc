/**
 * V8 settings for a long-running `serve` process. Applied by the CLI only, never by library callers.
 *
 * Allocation-site pretenuring is off: V8 sometimes decides, from a burst of new connections, that an
 * allocation site inside Node's HTTP writer makes long-lived objects and then allocates every later
 * one in the old generation. Each such object keeps its whole request and response alive until the
 * next full GC; under load that grew RSS by 20-50 MB in about half of the benchmark soaks. With the
 * flag off no soak grew (12 runs) and throughput was unchanged within noise. It only steers GC
 * heuristics, and V8 reads it whenever it makes a pretenuring decision, so setting it at start-up works.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneV8ForServing(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

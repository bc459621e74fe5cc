/** The short form of exclusions that goes into `x-switchyard-decision`: `dropped small-context (context)`. */
import type { Exclusion } from './types.js';

const SHOWN = 4;

/** `''` when nothing was dropped; else `dropped a (context), b (jurisdiction)` (at most 4 named). */
export function droppedSummary(excluded: readonly Exclusion[]): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const x of excluded) {
    if (x.reason === 'unavailable' || seen.has(x.modelId)) continue;
    seen.add(x.modelId);
    items.push(`${x.modelId} (${x.reason})`);
  }
  if (items.length === 0) return '';
  const more = items.length > SHOWN ? ` +${items.length - SHOWN}` : '';
  return `dropped ${items.slice(0, SHOWN).join(', ')}${more}`;
}

/** `decision; dropped ...` or `decision` when nothing was dropped. */
export function withDropped(decision: string, excluded: readonly Exclusion[]): string {
  const d = droppedSummary(excluded);
  return d ? `${decision}; ${d}` : decision;
}

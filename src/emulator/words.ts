/**
 * Deterministic filler text. One word = one output token, so token counts are easy to assert, and the
 * pieces are pre-built (with their leading space) so a streamed reply allocates almost nothing.
 */
import { prng } from './hash.js';

export const WORDS: readonly string[] = [
  'alpha', 'bridge', 'cedar', 'delta', 'ember', 'falcon', 'garnet', 'harbor', 'island', 'jasper',
  'kernel', 'lantern', 'meadow', 'nectar', 'orbit', 'pepper', 'quartz', 'river', 'signal', 'timber',
  'umber', 'velvet', 'willow', 'xenon', 'yonder', 'zephyr', 'amber', 'beacon', 'canyon', 'dune',
  'echo', 'fjord', 'glacier', 'horizon', 'ivory', 'jungle', 'kiosk', 'lagoon', 'marble', 'nebula',
  'oasis', 'prairie', 'quiver', 'ripple', 'summit', 'tundra', 'upland', 'valley', 'walnut', 'yarrow',
  'zenith', 'atlas', 'basalt', 'comet', 'drift', 'estuary', 'fern', 'grove', 'hollow', 'inlet',
  'juniper', 'kestrel', 'lichen', 'mosaic',
];

const SPACED = WORDS.map((w) => ' ' + w);

/** `count` words chosen by a PRNG seeded with `seed`; the first has no leading space. */
export function wordPieces(seed: number, count: number): string[] {
  const next = prng(seed);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const k = next() % WORDS.length;
    out[i] = i === 0 ? (WORDS[k] as string) : (SPACED[k] as string);
  }
  return out;
}

/** Natural reply length for a seed: 30..50 words (the spec's "about 40 tokens"). */
export function naturalLength(seed: number): number {
  return 30 + (seed % 21);
}

/** Natural reasoning length for a seed: 12..20 words. */
export function naturalReasoningLength(seed: number): number {
  return 12 + (Math.floor(seed / 7) % 9);
}

/** Split a text into pieces of `size` characters (JSON bodies and tool arguments are streamed this way). */
export function slicePieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

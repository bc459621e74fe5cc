/**
 * Picks one entry per model family so dated snapshots, `-latest` pointers and previews of one model do
 * not all land in the catalog. Family = the name without a trailing date, `-latest` or `-preview`.
 * Preference: the bare name (what users type: `gpt-4o`, `claude-sonnet-4-5`), then the `-latest` alias
 * (Mistral's usual spelling), then the newest dated snapshot, then a preview.
 */

/** `-20250929`, `-2025-04-14`, `-09-2025`, and 4 digits (`-2512` YYMM, `-0905` MMDD). */
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2}|\d{2}-\d{4}|\d{4})$/;

export type VariantKind = 'bare' | 'latest' | 'dated' | 'preview';

export interface Variant {
  family: string;
  kind: VariantKind;
  /** Sortable date key for dated snapshots (digits only, newer sorts later within a family). */
  date: string;
}

export function variantOf(name: string): Variant {
  if (name.endsWith('-latest')) return { family: name.slice(0, -'-latest'.length), kind: 'latest', date: '' };
  const dated = DATE_SUFFIX.exec(name);
  if (dated) {
    const stem = name.slice(0, dated.index);
    const raw = dated[1] ?? '';
    // MM-YYYY sorts by year first.
    const date = /^\d{2}-\d{4}$/.test(raw) ? raw.slice(3) + raw.slice(0, 2) : raw.replaceAll('-', '');
    if (stem.endsWith('-preview')) return { family: stem.slice(0, -'-preview'.length), kind: 'preview', date };
    return { family: stem, kind: 'dated', date };
  }
  if (name.endsWith('-preview')) return { family: name.slice(0, -'-preview'.length), kind: 'preview', date: '' };
  return { family: name, kind: 'bare', date: '' };
}

const RANK: Record<VariantKind, number> = { bare: 0, latest: 1, dated: 2, preview: 3 };

/**
 * Returns the names to keep, one per (group, family). `group` separates providers: the same family on
 * two providers is two models.
 */
export function pickOnePerFamily<T>(items: readonly T[], group: (t: T) => string, name: (t: T) => string): {
  kept: T[];
  dropped: { item: T; keptName: string }[];
} {
  const best = new Map<string, { item: T; v: Variant }>();
  for (const item of items) {
    const v = variantOf(name(item));
    const key = `${group(item)}\u0000${v.family}`;
    const cur = best.get(key);
    if (!cur || better(v, name(item), cur.v, name(cur.item))) best.set(key, { item, v });
  }
  const keptSet = new Set([...best.values()].map((b) => b.item));
  const kept = items.filter((i) => keptSet.has(i));
  const dropped = items
    .filter((i) => !keptSet.has(i))
    .map((item) => {
      const winner = best.get(`${group(item)}\u0000${variantOf(name(item)).family}`);
      return { item, keptName: winner ? name(winner.item) : '' };
    });
  return { kept, dropped };
}

function better(a: Variant, aName: string, b: Variant, bName: string): boolean {
  if (RANK[a.kind] !== RANK[b.kind]) return RANK[a.kind] < RANK[b.kind];
  if (a.date !== b.date) return a.date > b.date;
  return aName < bName; // deterministic tie-break
}

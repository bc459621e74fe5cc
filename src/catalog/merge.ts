/**
 * Merges imported models into a catalog file (`switchyard catalog import`). Imports add and replace by
 * id, never remove: a model missing from one price file may simply be outside that file's scope.
 */
import { normalizeCatalogFile, normalizeModel } from './normalize.js';
import type { CatalogFile, CatalogModel } from './types.js';

export interface MergeResult {
  file: CatalogFile;
  /** Ids not in the base. */
  added: string[];
  /** Ids in the base whose facts changed (price, limits, capabilities, provider, upstream, jurisdiction). */
  updated: string[];
  /** Ids in the base with the same facts; their `as_of` and `source` are refreshed all the same. */
  unchanged: string[];
}

/** The facts of a model, without the provenance fields that change on every import. */
function factsOf(m: CatalogModel): string {
  const { as_of: _asOf, source: _source, ...facts } = normalizeModel(m);
  return JSON.stringify(facts);
}

export function mergeCatalog(
  base: CatalogFile,
  incoming: readonly CatalogModel[],
  provenance: { as_of: string; source: string },
): MergeResult {
  const byId = new Map(base.models.map((m) => [m.id, m] as const));
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  for (const m of incoming) {
    const old = byId.get(m.id);
    if (!old) added.push(m.id);
    else if (factsOf(old) !== factsOf(m)) updated.push(m.id);
    else unchanged.push(m.id);
    byId.set(m.id, m);
  }
  const sources = [...new Set([...base.source.split('; '), provenance.source].filter((s) => s !== ''))];
  const file = normalizeCatalogFile({
    as_of: provenance.as_of > base.as_of ? provenance.as_of : base.as_of,
    source: sources.join('; '),
    models: [...byId.values()],
  });
  return { file, added, updated, unchanged };
}

/**
 * Canonical shape and order of catalog data, so a generated file is byte-for-byte reproducible:
 * fixed key order, no undefined fields, models sorted by provider then id.
 */
import type { CatalogFile, CatalogModel, CatalogPrice } from './types.js';

export function normalizePrice(p: CatalogPrice): CatalogPrice {
  return {
    input: p.input,
    output: p.output,
    ...(p.cache_read !== undefined ? { cache_read: p.cache_read } : {}),
    ...(p.cache_write !== undefined ? { cache_write: p.cache_write } : {}),
    ...(p.cache_write_1h !== undefined ? { cache_write_1h: p.cache_write_1h } : {}),
  };
}

export function normalizeModel(m: CatalogModel): CatalogModel {
  return {
    id: m.id,
    provider: m.provider,
    upstream: m.upstream,
    price: normalizePrice(m.price),
    ...(m.context_window !== undefined ? { context_window: m.context_window } : {}),
    ...(m.max_output !== undefined ? { max_output: m.max_output } : {}),
    capabilities: {
      tools: m.capabilities.tools,
      vision: m.capabilities.vision,
      json: m.capabilities.json,
      reasoning: m.capabilities.reasoning,
    },
    jurisdiction: m.jurisdiction,
    as_of: m.as_of,
    source: m.source,
  };
}

/** Code-unit order, not locale order: the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortModels(models: readonly CatalogModel[]): CatalogModel[] {
  return [...models].sort((a, b) => compare(a.provider, b.provider) || compare(a.id, b.id));
}

export function normalizeCatalogFile(file: CatalogFile): CatalogFile {
  return { as_of: file.as_of, source: file.source, models: sortModels(file.models.map(normalizeModel)) };
}

/** The on-disk text: 2-space JSON with a trailing newline. */
export function serializeCatalogFile(file: CatalogFile): string {
  return JSON.stringify(normalizeCatalogFile(file), null, 2) + '\n';
}

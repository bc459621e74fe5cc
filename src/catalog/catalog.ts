/**
 * The model catalog in memory: immutable, indexed by id. Built once at start-up from data/catalog.json
 * plus the config's `models[]`; the router and metering only read it.
 */
import type { Config } from '../config/types.js';
import { applyConfigModels, type ConfigMergeOptions } from './config-merge.js';
import { CatalogError } from './errors.js';
import { normalizeCatalogFile } from './normalize.js';
import { validateCatalogFile } from './schema.js';
import type { CatalogFile, CatalogModel } from './types.js';

export interface ListFilter {
  provider?: string;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export class Catalog {
  readonly asOf: string;
  readonly source: string;
  /** All models, sorted by provider then id (frozen). */
  readonly models: readonly CatalogModel[];
  private readonly byId: ReadonlyMap<string, CatalogModel>;
  /** Lower-cased id -> model, or null when two ids differ only in case (then only exact lookups work). */
  private readonly byLowerId: ReadonlyMap<string, CatalogModel | null>;

  /** `file` must already be valid (see `Catalog.parse` for untrusted input). */
  constructor(file: CatalogFile) {
    const normal = deepFreeze(normalizeCatalogFile(file));
    this.asOf = normal.as_of;
    this.source = normal.source;
    this.models = normal.models;
    const byId = new Map<string, CatalogModel>();
    const byLower = new Map<string, CatalogModel | null>();
    for (const m of normal.models) {
      if (byId.has(m.id)) throw new CatalogError([`duplicate id "${m.id}"`], 'catalog');
      byId.set(m.id, m);
      const lower = m.id.toLowerCase();
      byLower.set(lower, byLower.has(lower) ? null : m);
    }
    this.byId = byId;
    this.byLowerId = byLower;
  }

  /** Validates untrusted JSON (throws `CatalogError` naming every bad path) and builds a catalog. */
  static parse(raw: unknown, origin = 'catalog'): Catalog {
    return new Catalog(validateCatalogFile(raw, origin));
  }

  get size(): number {
    return this.models.length;
  }

  /** Exact id first; then a case-insensitive match if exactly one id matches (`minimax-m2.5`). */
  get(id: string): CatalogModel | undefined {
    return this.byId.get(id) ?? this.byLowerId.get(id.toLowerCase()) ?? undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Like `get`, but an unknown id is an error that suggests close ids. */
  require(id: string): CatalogModel {
    const m = this.get(id);
    if (m) return m;
    const needle = id.toLowerCase();
    const close = this.models.filter((x) => x.id.toLowerCase().includes(needle) || needle.includes(x.id.toLowerCase()));
    const hint = close.length ? ` (did you mean ${close.slice(0, 3).map((x) => x.id).join(', ')}?)` : '';
    throw new CatalogError([`unknown model "${id}"${hint}`], 'catalog');
  }

  /** Models sorted by provider then id, optionally of one provider. */
  list(filter: ListFilter = {}): readonly CatalogModel[] {
    return filter.provider === undefined ? this.models : this.models.filter((m) => m.provider === filter.provider);
  }

  /** Distinct providers, sorted. */
  providers(): string[] {
    return [...new Set(this.models.map((m) => m.provider))].sort();
  }

  /** Catalog models serving `upstream`, optionally on one provider. */
  byUpstream(upstream: string, provider?: string): CatalogModel[] {
    return this.models.filter((m) => m.upstream === upstream && (provider === undefined || m.provider === provider));
  }

  /** A new catalog with the config's models added or overriding (see `applyConfigModels`). */
  withConfig(config: Pick<Config, 'models' | 'providers'>, options: Omit<ConfigMergeOptions, 'providers'> = {}): Catalog {
    if (config.models.length === 0) return this;
    const models = applyConfigModels(this.models, config.models, { ...options, providers: config.providers });
    return new Catalog({ as_of: this.asOf, source: `${this.source}; config`, models });
  }

  toFile(): CatalogFile {
    return { as_of: this.asOf, source: this.source, models: [...this.models] };
  }
}

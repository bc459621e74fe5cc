/**
 * The model registry: catalog models merged with the config's `models[]`, each bound to a configured
 * provider. Built once at start-up; lookups on the request path are single Map reads.
 */
import type { CatalogCapabilities, CatalogModel } from '../catalog/types.js';
import type { Config } from '../config/types.js';
import type { Price, ProviderConfig, ResolvedTarget } from '../spec/provider.js';

export interface ModelEntry extends ResolvedTarget {
  capabilities: CatalogCapabilities;
  /** True when the price came from the catalog or config (false: unknown, costed at zero). */
  priced: boolean;
}

/** A known model whose provider is not configured: kept to explain why it cannot be served. */
export interface UnavailableModel {
  id: string;
  provider: string;
}

const DEFAULT_CAPABILITIES: CatalogCapabilities = Object.freeze({ tools: true, vision: false, json: true, reasoning: false });
const ZERO_PRICE: Price = Object.freeze({ input: 0, output: 0 });

export class ModelRegistry {
  private readonly byId = new Map<string, ModelEntry>();
  private readonly byIdLower = new Map<string, ModelEntry>();
  private readonly unavailable = new Map<string, UnavailableModel>();
  /** Catalog facts by upstream name, to price `provider/upstream` pass-through requests. */
  private readonly catalogByUpstream = new Map<string, CatalogModel>();
  private readonly catalogById = new Map<string, CatalogModel>();

  constructor(
    catalog: readonly CatalogModel[],
    readonly config: Config,
  ) {
    for (const m of catalog) {
      this.catalogById.set(m.id, m);
      if (!this.catalogByUpstream.has(m.upstream)) this.catalogByUpstream.set(m.upstream, m);
      const provider = this.providerFor(m.provider);
      if (!provider) {
        this.unavailable.set(m.id, { id: m.id, provider: m.provider });
        continue;
      }
      this.add(entryFromCatalog(m, provider));
    }
    for (const m of config.models) {
      const provider = config.providers[m.provider];
      if (!provider) continue; // rejected by config validation
      const known = this.catalogById.get(m.id) ?? this.catalogByUpstream.get(m.upstream);
      const price = m.price ? toPrice(m.price) : known ? toPrice(known.price) : undefined;
      const entry: ModelEntry = {
        modelId: m.id,
        provider,
        upstreamModel: m.upstream,
        price: price ?? ZERO_PRICE,
        priced: price !== undefined,
        capabilities: known?.capabilities ?? DEFAULT_CAPABILITIES,
      };
      const contextWindow = m.context_window ?? known?.context_window;
      const maxOutput = m.max_output ?? known?.max_output;
      if (contextWindow) entry.contextWindow = contextWindow;
      if (maxOutput) entry.maxOutput = maxOutput;
      this.unavailable.delete(m.id);
      this.add(entry);
    }
  }

  /** The configured provider serving a catalog provider family: by name first, then by preset. */
  private providerFor(family: string): ProviderConfig | undefined {
    const providers = this.config.providers;
    const direct = providers[family];
    if (direct) return direct;
    for (const p of Object.values(providers)) {
      if (p.preset && presetFamily(p.preset) === family) return p;
    }
    return undefined;
  }

  private add(entry: ModelEntry): void {
    Object.freeze(entry);
    this.byId.set(entry.modelId, entry);
    this.byIdLower.set(entry.modelId.toLowerCase(), entry);
  }

  get(id: string): ModelEntry | undefined {
    return this.byId.get(id) ?? this.byIdLower.get(id.toLowerCase());
  }

  unavailableModel(id: string): UnavailableModel | undefined {
    return this.unavailable.get(id);
  }

  /** `provider/upstream-model` passed straight through to a configured provider. */
  passThrough(model: string): ModelEntry | undefined {
    const slash = model.indexOf('/');
    if (slash <= 0) return undefined;
    const provider = this.config.providers[model.slice(0, slash)];
    if (!provider) return undefined;
    const upstream = model.slice(slash + 1);
    if (!upstream) return undefined;
    const known = this.catalogByUpstream.get(upstream) ?? this.catalogById.get(upstream);
    const entry: ModelEntry = {
      modelId: model,
      provider,
      upstreamModel: upstream,
      price: known ? toPrice(known.price) : ZERO_PRICE,
      priced: known !== undefined,
      capabilities: known?.capabilities ?? DEFAULT_CAPABILITIES,
    };
    if (known?.context_window) entry.contextWindow = known.context_window;
    if (known?.max_output) entry.maxOutput = known.max_output;
    return entry;
  }

  /** Price of any known model id (catalog or config), configured or not: used for the baseline. */
  priceOf(id: string): Price | undefined {
    const e = this.get(id);
    if (e?.priced) return e.price;
    const c = this.catalogById.get(id);
    return c ? toPrice(c.price) : undefined;
  }

  available(): ModelEntry[] {
    return [...this.byId.values()];
  }
}

/** `deepseek-anthropic` and `moonshot-cn` serve the `deepseek` and `moonshot` catalog families. */
export function presetFamily(preset: string): string {
  return preset.replace(/-(anthropic|cn|us|intl)$/, '');
}

function toPrice(p: { input: number; output: number; cache_read?: number; cache_write?: number; cache_write_1h?: number }): Price {
  const price: Price = { input: p.input, output: p.output };
  if (p.cache_read !== undefined) price.cacheRead = p.cache_read;
  if (p.cache_write !== undefined) price.cacheWrite = p.cache_write;
  if (p.cache_write_1h !== undefined) price.cacheWrite1h = p.cache_write_1h;
  return Object.freeze(price);
}

function entryFromCatalog(m: CatalogModel, provider: ProviderConfig): ModelEntry {
  const entry: ModelEntry = {
    modelId: m.id,
    provider,
    upstreamModel: m.upstream,
    price: toPrice(m.price),
    priced: true,
    capabilities: m.capabilities,
  };
  if (m.context_window) entry.contextWindow = m.context_window;
  if (m.max_output) entry.maxOutput = m.max_output;
  return entry;
}

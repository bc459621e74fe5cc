/**
 * Applies the config's `models[]` to the catalog. A config entry adds a model or, with the id of a
 * catalog model, replaces it. Fields it leaves out are inherited from the catalog model it matches:
 * first the one with its id, else the one with its upstream name on the same provider (or preset),
 * else the single price among catalog models with that upstream name. So
 * `{ id: fast, provider: deepseek, upstream: deepseek-chat }` needs no price.
 */
import type { ModelConfig } from '../config/types.js';
import type { ProviderConfig } from '../spec/provider.js';
import { CatalogError } from './errors.js';
import { jurisdictionOf } from './jurisdictions.js';
import { normalizeModel } from './normalize.js';
import type { CatalogCapabilities, CatalogModel } from './types.js';

export interface ConfigMergeOptions {
  /** Configured providers: their `jurisdiction` and `preset` apply to the models that use them. */
  providers?: Readonly<Record<string, ProviderConfig>>;
  /** `as_of` stamped on models whose price comes from the config; today (UTC) by default. */
  today?: string;
}

/**
 * What a config-only model is assumed to support, since the config cannot say: tools and JSON output
 * (nearly every OpenAI-compatible chat model has them), no vision, no reasoning. A wrong guess costs
 * one upstream error and a fallback; the opposite guess would hide the model from most requests.
 */
export const ASSUMED_CAPABILITIES: CatalogCapabilities = Object.freeze({ tools: true, vision: false, json: true, reasoning: false });

export function applyConfigModels(
  catalog: readonly CatalogModel[],
  configModels: readonly ModelConfig[],
  options: ConfigMergeOptions = {},
): CatalogModel[] {
  const byId = new Map(catalog.map((m) => [m.id, m] as const));
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const errors: string[] = [];
  const seen = new Map<string, number>();

  configModels.forEach((c, i) => {
    const first = seen.get(c.id);
    if (first !== undefined) {
      errors.push(`models[${i}].id: duplicate id "${c.id}" (first at models[${first}])`);
      return;
    }
    seen.set(c.id, i);
    const provider = options.providers?.[c.provider];
    const base = findBase(catalog, byId, c, provider?.preset);
    if (typeof base === 'string') {
      errors.push(`models[${i}].price: ${base}`);
      return;
    }
    const price = c.price ?? base?.price;
    if (!price) {
      errors.push(`models[${i}].price: required: no catalog model has upstream "${c.upstream}" to inherit a price from`);
      return;
    }
    const contextWindow = c.context_window ?? base?.context_window;
    const maxOutput = c.max_output ?? base?.max_output;
    byId.set(
      c.id,
      normalizeModel({
        id: c.id,
        provider: c.provider,
        upstream: c.upstream,
        price,
        ...(contextWindow !== undefined ? { context_window: contextWindow } : {}),
        ...(maxOutput !== undefined ? { max_output: maxOutput } : {}),
        capabilities: base?.capabilities ?? ASSUMED_CAPABILITIES,
        // The loader writes 'unknown' for a provider without preset or jurisdiction: the catalog may know better.
        jurisdiction:
          (provider?.jurisdiction !== 'unknown' ? provider?.jurisdiction : undefined) ??
          jurisdictionOf(c.provider) ??
          (base && base.provider === c.provider ? base.jurisdiction : undefined) ??
          'unknown',
        as_of: c.price ? today : (base?.as_of ?? today),
        source: c.price ? `config:models[${i}]` : `config:models[${i}] (price from ${base?.source ?? 'config'})`,
      }),
    );
  });
  if (errors.length) throw new CatalogError(errors, 'config');
  return [...byId.values()];
}

/** The catalog model a config entry inherits from, undefined when none, or an error message. */
function findBase(
  catalog: readonly CatalogModel[],
  byId: ReadonlyMap<string, CatalogModel>,
  c: ModelConfig,
  preset: string | undefined,
): CatalogModel | undefined | string {
  const sameId = byId.get(c.id);
  if (sameId && sameId.upstream === c.upstream) return sameId;
  const providers = new Set([c.provider, preset].filter((p): p is string => p !== undefined));
  const sameUpstream = catalog.filter((m) => m.upstream === c.upstream);
  const sameProvider = sameUpstream.find((m) => providers.has(m.provider));
  if (sameProvider) return sameProvider;
  if (sameId) return sameId;
  if (sameUpstream.length === 0 || c.price) return sameUpstream[0];
  const prices = new Set(sameUpstream.map((m) => JSON.stringify(normalizeModel(m).price)));
  if (prices.size === 1) return sameUpstream[0];
  return `required: upstream "${c.upstream}" has different prices in the catalog (${sameUpstream.map((m) => m.id).join(', ')})`;
}

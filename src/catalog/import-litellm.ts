/**
 * Converts LiteLLM's `model_prices_and_context_window.json` (USD per token) into catalog models
 * (USD per 1M tokens). Selection rules live in `litellm-rules.ts` and `variants.ts`; each left-out
 * entry of a supported provider is reported with its reason.
 */
import { CatalogError } from './errors.js';
import { assignIds, isHostProvider } from './ids.js';
import type { ImportOptions, ImportResult, SkippedEntry } from './import-types.js';
import { jurisdictionOf } from './jurisdictions.js';
import { CORRECTIONS, EXCLUDED, LITELLM_PROVIDERS, NON_CHAT_VARIANTS } from './litellm-rules.js';
import { normalizeModel, sortModels } from './normalize.js';
import type { CatalogModel, CatalogPrice } from './types.js';
import { perTokenToPerMillion } from './units.js';
import { pickOnePerFamily } from './variants.js';

type Entry = Readonly<Record<string, unknown>>;

interface Candidate {
  key: string;
  provider: string;
  upstream: string;
  /** The key carries LiteLLM's provider prefix (`deepseek/deepseek-chat` vs `deepseek-chat`). */
  prefixed: boolean;
  entry: Entry;
  price: CatalogPrice;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for an object whose entries look like LiteLLM's (they carry `litellm_provider`). */
export function isLitellmFile(raw: unknown): raw is Record<string, unknown> {
  return isRecord(raw) && Object.values(raw).some((v) => isRecord(v) && typeof v.litellm_provider === 'string');
}

export function importLitellm(raw: unknown, options: ImportOptions): ImportResult {
  if (!isLitellmFile(raw)) {
    throw new CatalogError(['not a LiteLLM price file (expected an object of entries with "litellm_provider")'], 'litellm');
  }
  const skipped: SkippedEntry[] = [];
  const candidates: Candidate[] = [];
  for (const key of Object.keys(raw).sort()) {
    const entry = raw[key];
    if (!isRecord(entry) || typeof entry.litellm_provider !== 'string') continue;
    const provider = LITELLM_PROVIDERS[entry.litellm_provider];
    if (!provider || (options.providers && !options.providers.includes(provider))) continue;
    const c = toCandidate(key, entry, provider, options.asOf);
    if (typeof c === 'string') skipped.push({ key, reason: c });
    else candidates.push(c);
  }

  const unique = oneSpellingPerModel(candidates, skipped);
  // On a maker's API a bare name points at the newest snapshot, so dated siblings are duplicates. On a
  // host (OpenRouter, Together, Groq) a dated id is a separate release with its own price: keep all.
  const hosted = unique.filter((c) => isHostProvider(c.provider));
  const picked = pickOnePerFamily(unique.filter((c) => !isHostProvider(c.provider)), (c) => c.provider, (c) => c.upstream);
  const kept = [...picked.kept, ...hosted];
  const dropped = picked.dropped;
  for (const d of dropped) skipped.push({ key: d.item.key, reason: `superseded by ${d.keptName}` });

  const models = assignIds(kept.map((c) => toModel(c, options.asOf)), 'litellm');
  skipped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { format: 'litellm', models: sortModels(models.map(normalizeModel)), skipped };
}

/** A candidate, or the reason the entry is left out. */
function toCandidate(key: string, entry: Entry, provider: string, asOf: string): Candidate | string {
  const prefix = `${String(entry.litellm_provider)}/`;
  const prefixed = key.startsWith(prefix);
  const upstream = prefixed ? key.slice(prefix.length) : key;
  if (isHostProvider(provider) && !prefixed) return 'not a model (a price band or alias without the provider prefix)';
  if (entry.mode !== 'chat') return `mode ${String(entry.mode ?? 'missing')}`;
  const rule = NON_CHAT_VARIANTS.find((r) => r.pattern.test(upstream));
  if (rule) return rule.reason;
  const excluded = EXCLUDED[`${provider}:${upstream}`];
  if (excluded) return excluded;
  const deprecated = entry.deprecation_date;
  if (typeof deprecated === 'string' && deprecated <= asOf) return `deprecated on ${deprecated}`;
  const price = priceOf(entry);
  if (!price) return 'no price';
  if (price.input === 0 && price.output === 0) return 'zero price (free tier or unknown)';
  return { key, provider, upstream, prefixed, entry, price };
}

/**
 * Flat prices, or the first tier of `tiered_pricing` (DashScope: the rate for prompts up to the first
 * bound; longer prompts cost more, see data/CATALOG.md). Cache prices of 0 mean "not published" in
 * LiteLLM, so they are left out rather than billed as free.
 */
function priceOf(entry: Entry): CatalogPrice | undefined {
  let source: Entry = entry;
  if (typeof entry.input_cost_per_token !== 'number' && Array.isArray(entry.tiered_pricing)) {
    const first: unknown = entry.tiered_pricing.find((t: unknown) => isRecord(t) && Array.isArray(t.range) && t.range[0] === 0);
    if (isRecord(first)) source = first;
  }
  const input = nonNegative(source.input_cost_per_token);
  const output = nonNegative(source.output_cost_per_token);
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = positive(source.cache_read_input_token_cost ?? entry.cache_read_input_token_cost);
  const cacheWrite = positive(source.cache_creation_input_token_cost ?? entry.cache_creation_input_token_cost);
  // Anthropic's 1-hour cache writes cost 2x input, not the 5-minute 1.25x
  const cacheWrite1h = positive(source.cache_creation_input_token_cost_above_1hr ?? entry.cache_creation_input_token_cost_above_1hr);
  return {
    input: perTokenToPerMillion(input),
    output: perTokenToPerMillion(output),
    ...(cacheRead !== undefined ? { cache_read: perTokenToPerMillion(cacheRead) } : {}),
    ...(cacheWrite !== undefined ? { cache_write: perTokenToPerMillion(cacheWrite) } : {}),
    ...(cacheWrite1h !== undefined ? { cache_write_1h: perTokenToPerMillion(cacheWrite1h) } : {}),
  };
}

function nonNegative(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}
function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** LiteLLM lists some models twice (`deepseek-chat` and `deepseek/deepseek-chat`); the prefixed key wins. */
function oneSpellingPerModel(candidates: readonly Candidate[], skipped: SkippedEntry[]): Candidate[] {
  const byModel = new Map<string, Candidate>();
  for (const c of candidates) {
    const k = `${c.provider}:${c.upstream}`;
    const cur = byModel.get(k);
    if (!cur) byModel.set(k, c);
    else if (c.prefixed && !cur.prefixed) {
      skipped.push({ key: cur.key, reason: `same model as ${c.key}` });
      byModel.set(k, c);
    } else skipped.push({ key: c.key, reason: `same model as ${cur.key}` });
  }
  return candidates.filter((c) => byModel.get(`${c.provider}:${c.upstream}`) === c);
}

function toModel(c: Candidate, asOf: string): Omit<CatalogModel, 'id'> {
  const e = c.entry;
  const fix = CORRECTIONS[`${c.provider}:${c.upstream}`];
  const contextWindow = positiveInt(e.max_input_tokens);
  const maxOutput = fix?.max_output ?? positiveInt(e.max_output_tokens);
  return {
    provider: c.provider,
    upstream: c.upstream,
    price: c.price,
    ...(contextWindow !== undefined ? { context_window: contextWindow } : {}),
    ...(maxOutput !== undefined ? { max_output: maxOutput } : {}),
    capabilities: {
      tools: e.supports_function_calling === true,
      vision: e.supports_vision === true,
      json: e.supports_response_schema === true,
      reasoning: fix?.reasoning ?? e.supports_reasoning === true,
    },
    jurisdiction: jurisdictionOf(c.provider) ?? 'unknown',
    as_of: asOf,
    source: `litellm:${c.key}`,
  };
}

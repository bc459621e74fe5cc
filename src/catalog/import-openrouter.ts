/**
 * Converts an OpenRouter `GET /api/v1/models` response into catalog models. Prices there are decimal
 * strings in USD per token; `-1` marks a variable price (e.g. `openrouter/auto`) and `0` a free
 * variant, both left out like unpriced LiteLLM entries.
 */
import { z } from 'zod';
import { CatalogError } from './errors.js';
import { assignIds } from './ids.js';
import type { ImportOptions, ImportResult, SkippedEntry } from './import-types.js';
import { jurisdictionOf } from './jurisdictions.js';
import { normalizeModel, sortModels } from './normalize.js';
import type { CatalogModel, CatalogPrice } from './types.js';
import { parsePerToken, perTokenToPerMillion } from './units.js';

const PROVIDER = 'openrouter';

// Loose objects: OpenRouter adds fields often; only these are read.
const modelSchema = z.looseObject({
  id: z.string().min(1),
  context_length: z.number().nullish(),
  pricing: z.looseObject({
    prompt: z.union([z.string(), z.number()]),
    completion: z.union([z.string(), z.number()]),
    input_cache_read: z.union([z.string(), z.number()]).nullish(),
    input_cache_write: z.union([z.string(), z.number()]).nullish(),
  }),
  top_provider: z.looseObject({ context_length: z.number().nullish(), max_completion_tokens: z.number().nullish() }).nullish(),
  supported_parameters: z.array(z.string()).nullish(),
  architecture: z
    .looseObject({ input_modalities: z.array(z.string()).nullish(), output_modalities: z.array(z.string()).nullish() })
    .nullish(),
});
type OpenRouterModel = z.infer<typeof modelSchema>;

/** True for `{ data: [...] }` whose items carry `id` and `pricing`. */
export function isOpenRouterModels(raw: unknown): raw is { data: unknown[] } {
  if (typeof raw !== 'object' || raw === null || !('data' in raw)) return false;
  const data: unknown = raw.data;
  return Array.isArray(data) && data.some((m: unknown) => typeof m === 'object' && m !== null && 'id' in m && 'pricing' in m);
}

export function importOpenRouter(raw: unknown, options: ImportOptions): ImportResult {
  if (!isOpenRouterModels(raw)) {
    throw new CatalogError(['not an OpenRouter models response (expected { data: [{ id, pricing, ... }] })'], 'openrouter');
  }
  if (options.providers && !options.providers.includes(PROVIDER)) return { format: 'openrouter', models: [], skipped: [] };
  const data = raw.data;
  const skipped: SkippedEntry[] = [];
  const models: Omit<CatalogModel, 'id'>[] = [];
  const seen = new Set<string>();
  data.forEach((item, i) => {
    const parsed = modelSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ key: `data[${i}]`, reason: `malformed: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}` });
      return;
    }
    const m = parsed.data;
    const result = toModel(m, options.asOf);
    if (typeof result === 'string') skipped.push({ key: m.id, reason: result });
    else if (seen.has(m.id)) skipped.push({ key: m.id, reason: 'listed twice' });
    else {
      seen.add(m.id);
      models.push(result);
    }
  });
  skipped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { format: 'openrouter', models: sortModels(assignIds(models, 'openrouter').map(normalizeModel)), skipped };
}

function toModel(m: OpenRouterModel, asOf: string): Omit<CatalogModel, 'id'> | string {
  const outputs = m.architecture?.output_modalities;
  if (outputs && (!outputs.includes('text') || outputs.some((o) => o !== 'text'))) return `output ${outputs.join('+')}, not a chat model`;
  const price = priceOf(m.pricing);
  if (typeof price === 'string') return price;
  const params = m.supported_parameters ?? [];
  const contextWindow = positiveInt(m.context_length) ?? positiveInt(m.top_provider?.context_length);
  const maxOutput = positiveInt(m.top_provider?.max_completion_tokens);
  return {
    provider: PROVIDER,
    upstream: m.id,
    price,
    ...(contextWindow !== undefined ? { context_window: contextWindow } : {}),
    ...(maxOutput !== undefined ? { max_output: maxOutput } : {}),
    capabilities: {
      tools: params.includes('tools'),
      vision: m.architecture?.input_modalities?.includes('image') ?? false,
      json: params.includes('response_format') || params.includes('structured_outputs'),
      reasoning: params.includes('reasoning') || params.includes('include_reasoning'),
    },
    jurisdiction: jurisdictionOf(PROVIDER) ?? 'US',
    as_of: asOf,
    source: `openrouter:${m.id}`,
  };
}

function priceOf(p: OpenRouterModel['pricing']): CatalogPrice | string {
  const input = parsePerToken(p.prompt);
  const output = parsePerToken(p.completion);
  if (input === undefined || output === undefined) return 'no price';
  if (input < 0 || output < 0) return 'variable price';
  if (input === 0 && output === 0) return 'zero price (free variant)';
  const cacheRead = parsePerToken(p.input_cache_read);
  const cacheWrite = parsePerToken(p.input_cache_write);
  return {
    input: perTokenToPerMillion(input),
    output: perTokenToPerMillion(output),
    ...(cacheRead !== undefined && cacheRead > 0 ? { cache_read: perTokenToPerMillion(cacheRead) } : {}),
    ...(cacheWrite !== undefined && cacheWrite > 0 ? { cache_write: perTokenToPerMillion(cacheWrite) } : {}),
  };
}

function positiveInt(v: number | null | undefined): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

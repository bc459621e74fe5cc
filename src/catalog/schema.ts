/** Validation of a catalog file: every problem reported at once, each named by its JSON path. */
import { z } from 'zod';
import { CatalogError } from './errors.js';
import type { CatalogFile } from './types.js';

const usdPerMillion = z.number().finite().nonnegative('must be a price >= 0 (USD per 1M tokens)');
const positiveInt = z.number().int('must be an integer').positive('must be > 0');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const priceSchema = z.strictObject({
  input: usdPerMillion,
  output: usdPerMillion,
  cache_read: usdPerMillion.optional(),
  cache_write: usdPerMillion.optional(),
  cache_write_1h: usdPerMillion.optional(),
});

const modelSchema = z.strictObject({
  id: z.string().min(1, 'must not be empty'),
  provider: z.string().min(1, 'must not be empty'),
  upstream: z.string().min(1, 'must not be empty'),
  price: priceSchema,
  context_window: positiveInt.optional(),
  max_output: positiveInt.optional(),
  capabilities: z.strictObject({ tools: z.boolean(), vision: z.boolean(), json: z.boolean(), reasoning: z.boolean() }),
  jurisdiction: z.string().min(2, 'must be an ISO country code or "local"'),
  as_of: isoDate,
  source: z.string().min(1, 'must not be empty'),
});

export const catalogFileSchema = z
  .strictObject({ as_of: isoDate, source: z.string().min(1), models: z.array(modelSchema) })
  .superRefine((file, ctx) => {
    // Ids are what clients send; two entries with one id would make lookups order-dependent.
    const seen = new Map<string, number>();
    file.models.forEach((m, i) => {
      const first = seen.get(m.id);
      if (first === undefined) seen.set(m.id, i);
      else ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate id "${m.id}" (first at models[${first}])` });
    });
  });

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`)).join('');
}

/** Validates parsed JSON as a catalog file. Throws `CatalogError` listing every problem by path. */
export function validateCatalogFile(raw: unknown, origin = 'catalog'): CatalogFile {
  const parsed = catalogFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new CatalogError(
    parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    origin,
  );
}

/** The YAML config schema (snake_case, as users write it). Validated once at start-up. */
import { z } from 'zod';
import { MAX_USD_LIMIT, MIN_USD_LIMIT } from '../budgets/units.js';

const url = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be a URL');

const usdPerMillion = z.number().nonnegative('must be a price >= 0 (USD per 1M tokens)');
const positiveInt = z.number().int('must be an integer').positive('must be > 0');

export const priceSchema = z.strictObject({
  input: usdPerMillion,
  output: usdPerMillion,
  cache_read: usdPerMillion.optional(),
  cache_write: usdPerMillion.optional(),
  cache_write_1h: usdPerMillion.optional(),
});

export const providerSchema = z.strictObject({
  preset: z.string().min(1).optional(),
  protocol: z.enum(['openai', 'anthropic']).optional(),
  base_url: url.optional(),
  api_key: z.string().optional(),
  jurisdiction: z.string().min(2).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export const modelSchema = z.strictObject({
  id: z.string().min(1),
  provider: z.string().min(1),
  upstream: z.string().min(1).optional(),
  price: priceSchema.optional(),
  context_window: positiveInt.optional(),
  max_output: positiveInt.optional(),
});

export const routeSchema = z
  .object({
    strategy: z.string().min(1).optional(),
    targets: z.array(z.string().min(1)).optional(),
  })
  .catchall(z.unknown())
  .superRefine((r, ctx) => {
    if ((r.strategy ?? 'fallback') === 'fallback' && (!r.targets || r.targets.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['targets'], message: 'a fallback route needs at least one target' });
    }
  });

export const budgetSchema = z
  .strictObject({
    unit: z.enum(['usd', 'tokens']),
    window: z.enum(['minute', 'hour', 'day', 'month', 'total']),
    limit: z.number().positive('must be > 0'),
    /** hard: refuse; soft: warn only; degrade: route to `degrade_to` once `soft` is passed, refuse at `limit`. */
    mode: z.enum(['hard', 'soft', 'degrade']).optional(),
    /** Warning (or degrade) threshold, in the budget's unit. */
    soft: z.number().positive('must be > 0').optional(),
    degrade_to: z.string().min(1).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.mode === 'degrade' && !b.degrade_to) ctx.addIssue({ code: 'custom', path: ['degrade_to'], message: 'a degrade budget needs degrade_to (a cheaper route or model)' });
    if (b.soft !== undefined && b.soft > b.limit) ctx.addIssue({ code: 'custom', path: ['soft'], message: 'must not exceed limit' });
    if (b.unit === 'tokens' && !Number.isSafeInteger(b.limit)) ctx.addIssue({ code: 'custom', path: ['limit'], message: 'a token budget must be a whole number below 2^53' });
    if (b.unit === 'tokens' && b.soft !== undefined && !Number.isSafeInteger(b.soft)) ctx.addIssue({ code: 'custom', path: ['soft'], message: 'a token threshold must be a whole number' });
    if (b.unit === 'usd' && b.limit > MAX_USD_LIMIT) ctx.addIssue({ code: 'custom', path: ['limit'], message: `must be at most ${MAX_USD_LIMIT} USD per window` });
    if (b.unit === 'usd' && b.limit > 0 && b.limit < MIN_USD_LIMIT) ctx.addIssue({ code: 'custom', path: ['limit'], message: `must be at least ${MIN_USD_LIMIT.toFixed(6)} USD` });
  });

/** Two budgets of one unit and window would be one counter reserved twice: refused where they are listed. */
export function refuseDuplicateBudgets(budgets: readonly { unit: string; window: string }[], ctx: z.RefinementCtx): void {
  budgets.forEach((b, i) => {
    const first = budgets.findIndex((o) => o.unit === b.unit && o.window === b.window);
    if (first < i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate budget: budgets[${first}] already limits ${b.unit} per ${b.window}` });
  });
}

const budgetListSchema = z.array(budgetSchema).superRefine(refuseDuplicateBudgets);

export const rateLimitSchema = z.strictObject({
  rpm: positiveInt.optional(),
  tpm: positiveInt.optional(),
});

const ledgerUrl = z
  .string()
  .refine((s) => s === 'none' || s.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(s), 'must be sqlite:PATH, postgres://... or none');
const stateUrl = z
  .string()
  .refine((s) => s === 'memory' || s.startsWith('sqlite:') || /^rediss?:\/\//.test(s), 'must be memory, sqlite:PATH or redis://HOST:PORT[/DB]');

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.number().int().min(0).max(65535, 'must be a port number').optional(),
      body_limit: z.union([positiveInt, z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb)?$/i, 'must be bytes, e.g. 4mb')]).optional(),
      /** How long a client may take to send its request body, or to read on when it stalls a stream. */
      client_timeout_ms: positiveInt.optional(),
    })
    .optional(),
  ledger: ledgerUrl.optional(),
  state: stateUrl.optional(),
  baseline: z.string().min(1).optional(),
  admin_key: z.string().min(8, 'must be at least 8 characters').optional(),
  providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'provider names use letters, digits, - and _'), providerSchema).optional(),
  models: z.array(modelSchema).optional(),
  routes: z.record(z.string().min(1), routeSchema).optional(),
  model_map: z.record(z.string().min(1), z.string().min(1)).optional(),
  timeouts: z
    .strictObject({
      connect_ms: positiveInt.optional(),
      first_byte_ms: positiveInt.optional(),
      idle_ms: positiveInt.optional(),
      total_ms: positiveInt.optional(),
    })
    .optional(),
  retry: z
    .strictObject({
      max_attempts: z.number().int().min(1).max(10).optional(),
      base_delay_ms: z.number().int().min(0).optional(),
      max_delay_ms: z.number().int().min(0).optional(),
      retry_after_cap_ms: z.number().int().min(0).optional(),
    })
    .optional(),
  router: z.object({ weights: z.string().optional(), calibration: z.string().optional() }).catchall(z.unknown()).optional(),
  projects: z.record(z.string().min(1), z.strictObject({ budgets: budgetListSchema.optional(), rate_limits: rateLimitSchema.optional() })).optional(),
  sessions: z.strictObject({ budgets: budgetListSchema.optional() }).optional(),
  rate_limits: z.strictObject({ models: z.record(z.string().min(1), rateLimitSchema).optional() }).optional(),
  budget_lease_ms: z.number().int().min(1000).optional(),
  ledger_commit: z.enum(['before_response', 'background']).optional(),
  logging: z.strictObject({ prompts: z.boolean().optional(), level: z.enum(['debug', 'info', 'warn', 'error']).optional() }).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

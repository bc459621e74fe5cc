/**
 * Validation of key definitions (zod): every problem is reported with the field it is in, e.g.
 * `budgets[0].window: must be one of minute, hour, day, month, total`. The same schemas check rows read
 * back from a store, so a hand-edited row cannot smuggle in an invalid budget.
 */
import { z } from 'zod';
import { BUDGET_MODES, BUDGET_UNITS, BUDGET_WINDOWS, type KeyBudget, type KeyInput, type KeyJurisdictions, type KeyPatch, type KeyRateLimits } from './types.js';
import { isJurisdictionCode } from '../routing/constraints/jurisdiction.js';

import { MAX_USD_LIMIT, MIN_USD_LIMIT } from '../budgets/units.js';
import { refuseDuplicateBudgets } from '../config/schema.js';

export { MAX_USD_LIMIT };

export class KeyValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'KeyValidationError';
  }
}

const oneOf = (values: readonly string[]): string => `must be one of ${values.join(', ')}`;
/** An object's own message for a wrong type, leaving unknown-key messages (which name the key) as they are. */
const notAn = (message: string) => ({ error: (issue: { code?: string }) => (issue.code === 'invalid_type' ? message : undefined) });

const label = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

const count = z
  .number({ error: 'must be a number' })
  .refine((n) => Number.isSafeInteger(n) && n > 0, 'must be a whole number > 0');

const budgetSchema = z
  .strictObject({
    unit: z.enum(BUDGET_UNITS, { error: oneOf(BUDGET_UNITS) }),
    window: z.enum(BUDGET_WINDOWS, { error: oneOf(BUDGET_WINDOWS) }),
    limit: z.number({ error: 'must be a number' }).positive('must be > 0'),
    mode: z.enum(BUDGET_MODES, { error: oneOf(BUDGET_MODES) }).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.unit === 'tokens' && !Number.isSafeInteger(b.limit)) {
      ctx.addIssue({ code: 'custom', path: ['limit'], message: 'must be a whole number of tokens' });
    }
    if (b.unit === 'usd' && b.limit > 0 && b.limit < MIN_USD_LIMIT) {
      ctx.addIssue({ code: 'custom', path: ['limit'], message: `must be at least ${MIN_USD_LIMIT.toFixed(6)} USD` });
    }
    if (b.unit === 'usd' && b.limit > MAX_USD_LIMIT) {
      ctx.addIssue({ code: 'custom', path: ['limit'], message: `must be at most ${MAX_USD_LIMIT} USD per window` });
    }
  });

const budgetsSchema = z.array(budgetSchema, { error: 'must be a list of budgets' }).superRefine(refuseDuplicateBudgets);

const rateLimitsSchema = z.strictObject({ rpm: count.optional(), tpm: count.optional() }, notAn('must be an object with rpm and/or tpm'));

const modelsSchema = z
  .array(label(200), { error: 'must be a list of model ids, routes or globs' })
  .min(1, 'must list at least one model (leave it out to allow every model)');

const metadataSchema = z.record(label(100), z.string({ error: 'must be a string' }).max(2000, 'must be at most 2000 characters'), {
  error: 'must be a map of strings',
});

const jurisdictionCode = z
  .string({ error: 'must be a string' })
  .transform((c) => c.toUpperCase())
  .refine(isJurisdictionCode, 'must be an ISO 3166 country code (GB for the United Kingdom), EU, local or unknown');

const jurisdictionsSchema = z
  .strictObject(
    { allow: z.array(jurisdictionCode).min(1, 'must list at least one jurisdiction').optional(), deny: z.array(jurisdictionCode).optional() },
    notAn('must be an object with allow and/or deny lists'),
  )
  .refine((j) => (j.allow?.length ?? 0) + (j.deny?.length ?? 0) > 0, 'must allow or deny at least one jurisdiction');

const inputSchema = z.strictObject(
  {
    project: label(200),
    name: label(200).optional(),
    allowed_models: modelsSchema.optional(),
    budgets: budgetsSchema.optional(),
    rate_limits: rateLimitsSchema.optional(),
    jurisdictions: jurisdictionsSchema.optional(),
    metadata: metadataSchema.optional(),
  },
  notAn('must be an object'),
);

const patchSchema = z.strictObject(
  {
    project: label(200).optional(),
    name: label(200).nullable().optional(),
    allowed_models: modelsSchema.nullable().optional(),
    budgets: budgetsSchema.optional(),
    rate_limits: rateLimitsSchema.nullable().optional(),
    jurisdictions: jurisdictionsSchema.nullable().optional(),
    metadata: metadataSchema.nullable().optional(),
  },
  notAn('must be an object'),
);

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
    return `${path || '(key)'}: ${issue.message}`;
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new KeyValidationError(formatIssues(result.error.issues));
  return result.data;
}

/** Budgets with only the fields that are set (no `mode: undefined`). */
function cleanBudgets(budgets: readonly KeyBudget[]): KeyBudget[] {
  return budgets.map((b) => ({ unit: b.unit, window: b.window, limit: b.limit, ...(b.mode !== undefined ? { mode: b.mode } : {}) }));
}

/** Rate limits with only the fields that are set; undefined when none is. */
function cleanRateLimits(limits: KeyRateLimits | undefined): KeyRateLimits | undefined {
  if (limits === undefined) return undefined;
  const out: KeyRateLimits = {};
  if (limits.rpm !== undefined) out.rpm = limits.rpm;
  if (limits.tpm !== undefined) out.tpm = limits.tpm;
  return out.rpm === undefined && out.tpm === undefined ? undefined : out;
}

/** Jurisdiction lists with only the lists that are set, duplicates dropped. */
function cleanJurisdictions(j: KeyJurisdictions): KeyJurisdictions {
  return {
    ...(j.allow?.length ? { allow: [...new Set(j.allow)] } : {}),
    ...(j.deny?.length ? { deny: [...new Set(j.deny)] } : {}),
  };
}

/** The validated definition of a new key, with `budgets` always present and unset fields absent. */
export type KeyFields = Required<Pick<KeyInput, 'project' | 'budgets'>> & Omit<KeyInput, 'project' | 'budgets'>;

/** Validates `create` input; throws KeyValidationError naming every bad field. */
export function parseKeyInput(value: unknown): KeyFields {
  const input = parse(inputSchema, value);
  const rateLimits = cleanRateLimits(input.rate_limits);
  return {
    project: input.project,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.allowed_models !== undefined ? { allowed_models: input.allowed_models } : {}),
    budgets: cleanBudgets(input.budgets ?? []),
    ...(rateLimits !== undefined ? { rate_limits: rateLimits } : {}),
    ...(input.jurisdictions !== undefined ? { jurisdictions: cleanJurisdictions(input.jurisdictions) } : {}),
    ...(input.metadata !== undefined ? { metadata: { ...input.metadata } } : {}),
  };
}

/** Validates an `update` patch; throws KeyValidationError naming every bad field. Empty rate limits become null. */
export function parseKeyPatch(value: unknown): KeyPatch {
  const patch = parse(patchSchema, value);
  const out: KeyPatch = {};
  if (patch.project !== undefined) out.project = patch.project;
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.allowed_models !== undefined) out.allowed_models = patch.allowed_models;
  if (patch.budgets !== undefined) out.budgets = cleanBudgets(patch.budgets);
  if (patch.rate_limits !== undefined) out.rate_limits = patch.rate_limits === null ? null : (cleanRateLimits(patch.rate_limits) ?? null);
  if (patch.jurisdictions !== undefined) out.jurisdictions = patch.jurisdictions === null ? null : cleanJurisdictions(patch.jurisdictions);
  if (patch.metadata !== undefined) out.metadata = patch.metadata === null ? null : { ...patch.metadata };
  return out;
}

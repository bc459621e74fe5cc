/** The `rules` strategy's options (see rules.ts for the semantics of each condition). */
import { z } from 'zod';
import { commonOptions, names } from './common-options.js';
import { optionsParser } from './issues.js';
import { compileRegex } from './regex.js';

const oneOrMany = z
  .union([z.string(), z.array(z.string()).min(1, 'must list at least one value')], { error: 'must be a string or a list of strings' })
  .transform((v): string[] => (typeof v === 'string' ? [v] : v));

const regex = z.string().superRefine((s, ctx) => {
  try {
    compileRegex(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

const tokens = z.number({ error: 'must be a number of tokens' }).int('must be an integer').nonnegative('must be >= 0');

export const RESPONSE_FORMATS = ['text', 'json_object', 'json_schema', 'json'] as const;
const responseFormat = z
  .union([z.enum(RESPONSE_FORMATS), z.array(z.enum(RESPONSE_FORMATS)).min(1)], { error: `must be one of ${RESPONSE_FORMATS.join(', ')} (or a list)` })
  .transform((v) => (typeof v === 'string' ? [v] : v));

export const conditionSchema = z.strictObject({
  tools: z.boolean().optional(),
  vision: z.boolean().optional(),
  stream: z.boolean().optional(),
  min_input_tokens: tokens.optional(),
  max_input_tokens: tokens.optional(),
  response_format: responseFormat.optional(),
  last_user_matches: regex.optional(),
  metadata: z.record(z.string(), oneOrMany).optional(),
  headers: z.record(z.string(), oneOrMany).optional(),
  key: oneOrMany.optional(),
  project: oneOrMany.optional(),
  model: oneOrMany.optional(),
});

export type Condition = z.output<typeof conditionSchema>;

export const ruleSchema = z.strictObject({
  name: z.string().min(1).optional(),
  when: conditionSchema.optional(),
  target: names,
});

export type Rule = z.output<typeof ruleSchema>;

const schema = z.strictObject({
  rules: z.array(ruleSchema, { error: 'must be a list of rules' }).min(1, 'needs at least one rule'),
  default: names.optional(),
  ...commonOptions,
});

export type RulesOptions = z.output<typeof schema>;
export const rulesOptions = optionsParser(schema);

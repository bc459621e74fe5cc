/** Option pieces shared by the strategies' schemas. */
import { z } from 'zod';
import { jurisdictionsOption } from '../constraints/route-policy.js';

/** A model or route name, or a non-empty list of them (an ordered fallback chain); always a list after parsing. */
export const names = z
  .union([z.string().min(1, 'must not be empty'), z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one model or route')], {
    error: (issue) => (issue.input === undefined ? 'is required (a model or route name, or a list of them)' : 'must be a model or route name, or a list of them'),
  })
  .transform((v): string[] => (typeof v === 'string' ? [v] : v));

/** A number in [0, 1]. */
export const unit = z.number({ error: 'must be a number between 0 and 1' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/** Keys every strategy accepts. */
export const commonOptions = {
  jurisdictions: jurisdictionsOption.optional(),
};

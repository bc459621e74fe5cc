/**
 * Failing closed when no candidate qualifies: one coded error listing every excluded model and why.
 *
 * The code depends on what stopped the models the policy would have allowed: only size -> the client's
 * prompt is too long (`SY_ERR_CONTEXT_LENGTH`, which agents recognise and answer by compacting); health ->
 * `SY_ERR_UPSTREAM_UNAVAILABLE` (503, retry later); only the key's model list -> `SY_ERR_FORBIDDEN` (403);
 * anything else -> `SY_ERR_NO_ELIGIBLE_MODEL` (400).
 */
import { GatewayError, type ErrorCode } from '../../errors.js';
import type { Exclusion, ExclusionReason } from './types.js';

const POLICY: ReadonlySet<ExclusionReason> = new Set(['unavailable', 'key_models', 'jurisdiction']);
const SIZE: ReadonlySet<ExclusionReason> = new Set(['context', 'max_output']);
const LISTED = 12;

/** Thrown by the router when nothing qualifies; a GatewayError, so every dialect renders it. */
export class NoEligibleModelError extends GatewayError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly exclusions: readonly Exclusion[],
  ) {
    super(code, message, 'model');
    this.name = 'NoEligibleModelError';
  }
}

/** The error code for a set of exclusions that left nothing. */
export function codeFor(exclusions: readonly Exclusion[]): ErrorCode {
  // only the key's model list stood in the way: the same refusal as naming a model the key may not use
  if (exclusions.length > 0 && exclusions.every((x) => x.reason === 'key_models')) return 'SY_ERR_FORBIDDEN';
  const technical = exclusions.filter((x) => !POLICY.has(x.reason));
  if (technical.some((x) => x.reason === 'unhealthy')) return 'SY_ERR_UPSTREAM_UNAVAILABLE';
  if (technical.length > 0 && technical.every((x) => SIZE.has(x.reason))) return 'SY_ERR_CONTEXT_LENGTH';
  return 'SY_ERR_NO_ELIGIBLE_MODEL';
}

/** `deepseek-chat (context: ~140000 tokens > 131072 window), gpt-5 (jurisdiction: US denied by header)`. */
export function describeExclusions(exclusions: readonly Exclusion[], limit = LISTED): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const x of exclusions) {
    if (seen.has(x.modelId)) continue;
    seen.add(x.modelId);
    items.push(`${x.modelId} (${x.reason}: ${x.detail})`);
  }
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

/** The error for `what` (e.g. `route "smart"`) when every candidate was excluded. */
export function noEligibleModel(what: string, exclusions: readonly Exclusion[]): NoEligibleModelError {
  const list = exclusions.length > 0 ? describeExclusions(exclusions) : 'no candidates';
  return new NoEligibleModelError(codeFor(exclusions), `no eligible model for ${what}: ${list}`, exclusions);
}

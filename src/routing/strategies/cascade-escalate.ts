/**
 * The pipeline's side of a cascade, as pure functions: check the cheap answer, and build the plan that
 * escalates. The gateway runs them between two `executePlan` calls (see docs/routing.md, "Wiring").
 */
import type { ChatRequest, ChatResponse } from '../../spec/chat.js';
import { safeDecision, type RoutePlan } from '../plan.js';
import { validateForCascade, type CascadeVerdict } from './cascade-validators.js';

export type CascadeOutcome = { escalate: false } | { escalate: true; verdict: Extract<CascadeVerdict, { ok: false }>; plan: RoutePlan };

/** The plan that runs after a failed check: the premium chain, decision extended with the reason. */
export function escalationPlan(plan: RoutePlan, verdict: Extract<CascadeVerdict, { ok: false }>): RoutePlan {
  if (!plan.cascade) throw new Error('escalationPlan: the plan has no cascade');
  const { cascade: _cascade, ...rest } = plan;
  return {
    ...rest,
    targets: plan.cascade.escalate,
    tier: 'premium',
    decision: safeDecision(`${plan.decision}; escalated: ${verdict.validator} ${verdict.reason}`),
  };
}

/**
 * Whether the cheap `response` of a cascade plan must be escalated, and the plan to run if so.
 * For a plan without `cascade` the answer is always `{ escalate: false }`.
 */
export function cascadeOutcome(plan: RoutePlan, request: ChatRequest, response: ChatResponse): CascadeOutcome {
  if (!plan.cascade) return { escalate: false };
  const verdict = validateForCascade(request, response, plan.cascade.validators);
  if (verdict.ok) return { escalate: false };
  return { escalate: true, verdict, plan: escalationPlan(plan, verdict) };
}

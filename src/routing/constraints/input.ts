/** Builds the constraint input of one planning step from the request and its RouteContext. */
import type { ChatRequest } from '../../spec/chat.js';
import type { RouteContext } from '../plan.js';
import { JURISDICTION_HEADER, makePolicy, parseJurisdictionHeader } from './jurisdiction.js';
import { requirementsOf } from './requirements.js';
import type { ConstraintInput, JurisdictionPolicy, PolicyInput } from './types.js';

/** A header value, by lower-case name (Node lower-cases incoming header names). */
export function headerValue(ctx: RouteContext, name: string): string | string[] | undefined {
  const h = ctx.headers;
  if (!h) return undefined;
  return h[name] ?? h[name.toLowerCase()];
}

/** Every jurisdiction policy in force: the key's, the enclosing routes', the request header's. */
export function jurisdictionPolicies(ctx: RouteContext): JurisdictionPolicy[] {
  const out: JurisdictionPolicy[] = [];
  const key = ctx.jurisdictions ? makePolicy('key', ctx.jurisdictions.allow, ctx.jurisdictions.deny) : undefined;
  if (key) out.push(key);
  if (ctx.routePolicies) out.push(...ctx.routePolicies);
  const header = parseJurisdictionHeader(headerValue(ctx, JURISDICTION_HEADER));
  if (header) out.push(header);
  return out;
}

/** The policy part only (no token estimate needed). */
export function policyInput(ctx: RouteContext): PolicyInput {
  const input: PolicyInput = { jurisdictions: jurisdictionPolicies(ctx) };
  if (ctx.allowedModels) input.allowedModels = ctx.allowedModels;
  return input;
}

export function constraintInput(request: ChatRequest, ctx: RouteContext): ConstraintInput {
  const input: ConstraintInput = {
    requirements: requirementsOf(request, ctx.inputTokens),
    jurisdictions: jurisdictionPolicies(ctx),
  };
  if (ctx.allowedModels) input.allowedModels = ctx.allowedModels;
  if (ctx.healthy) input.healthy = ctx.healthy;
  return input;
}

/** `ctx` with one more route-level policy in force (for nested routes); `ctx` itself when none. */
export function withRoutePolicy(ctx: RouteContext, policy: JurisdictionPolicy | undefined): RouteContext {
  if (!policy) return ctx;
  return { ...ctx, routePolicies: [...(ctx.routePolicies ?? []), policy] };
}

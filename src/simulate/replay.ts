/**
 * How a trace record becomes the request and RouteContext handed to `router.plan` — the same call the
 * live gateway makes. An exported request replays with what the gateway recorded (its input estimate,
 * routing headers, key and project); otherwise observed input tokens replace the estimate (the trace's
 * messages may be cut).
 */
import type { RouteContext } from '../routing/plan.js';
import type { ChatRequest } from '../spec/chat.js';
import type { TraceRecord } from './trace-types.js';

export function requestFor(rec: TraceRecord, model: string): ChatRequest {
  return { ...rec.request, model, messages: rec.messages };
}

export function contextFor(rec: TraceRecord): RouteContext {
  const ctx: RouteContext = { inputTokens: rec.inputEstimate ?? rec.usage.input };
  if (rec.headers !== undefined) ctx.headers = rec.headers;
  if (rec.keyId !== undefined) ctx.keyId = rec.keyId;
  if (rec.project !== undefined) ctx.project = rec.project;
  if (rec.keyJurisdictions !== undefined) ctx.jurisdictions = rec.keyJurisdictions;
  return ctx;
}

/**
 * How a trace record becomes the request and RouteContext handed to `router.plan` — the same call the
 * live gateway makes. Observed input tokens replace the estimate (the trace's messages may be cut), and
 * an exported request keeps its key and project for rules conditions.
 */
import type { RouteContext } from '../routing/plan.js';
import type { ChatRequest } from '../spec/chat.js';
import type { TraceRecord } from './trace-types.js';

export function requestFor(rec: TraceRecord, model: string): ChatRequest {
  return { ...rec.request, model, messages: rec.messages };
}

export function contextFor(rec: TraceRecord): RouteContext {
  const ctx: RouteContext = { inputTokens: rec.usage.input };
  if (rec.keyId !== undefined) ctx.keyId = rec.keyId;
  if (rec.project !== undefined) ctx.project = rec.project;
  return ctx;
}

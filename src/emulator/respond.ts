/**
 * Answers a validated chat/messages request: applies the model name's fault, else plans the reply and
 * sends it as JSON or SSE in the route's protocol.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicFrames, anthropicJson, anthropicMalformedFrame } from './anthropic-reply.js';
import { CONTENT_FILTER, contextLength, OVERLOADED, rateLimited, sendError, SERVER_ERROR, UNAUTHORIZED, type EmuError } from './errors.js';
import type { Frame, ReplyMeta } from './frame.js';
import { openaiFrames, openaiJson, openaiMalformedFrame } from './openai-reply.js';
import { buildPlan } from './plan.js';
import type { EmuRequest } from './request.js';
import type { Route } from './routes.js';
import { sendFrames, sendJson, type Ending } from './send.js';
import type { EmulatorState } from './state.js';
import { segmentTokens } from './tokens.js';
import type { ModelTraits } from './traits.js';

/** Default delay of `fault-slow-first-token` without a numeric suffix. */
export const SLOW_FIRST_TOKEN_MS = 5000;

/** The error a fault answers with before any headers, if it is that kind of fault. */
function faultError(state: EmulatorState, er: EmuRequest, traits: ModelTraits): EmuError | undefined {
  switch (traits.fault) {
    case '429':
      return rateLimited();
    case '429-retry-after':
      return rateLimited(traits.faultArg ?? 1);
    case '500':
      return SERVER_ERROR;
    case '500-once':
      if (state.failedOnce.has(er.model)) return undefined;
      state.failedOnce.add(er.model);
      return SERVER_ERROR;
    case '503':
      return OVERLOADED;
    case '401':
      return UNAUTHORIZED;
    case 'context-length':
      return contextLength(segmentTokens(er.segments, er.segments.length));
    case 'content-filter':
      return CONTENT_FILTER;
    default:
      return undefined;
  }
}

export function respond(state: EmulatorState, route: Route, er: EmuRequest, traits: ModelTraits, req: IncomingMessage, res: ServerResponse): void {
  if (res.destroyed) return;
  const protocol = route.protocol;
  const fault = traits.fault;
  const err = faultError(state, er, traits);
  if (err) return sendError(res, protocol, err);
  if (fault === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault === 'no-response') return; // close() destroys the socket

  const reasoning = protocol === 'openai' ? traits.reasoning : er.thinking === true || (traits.reasoning && er.thinking !== false);
  const plan = buildPlan(er, traits, state.cache, {
    reasoning,
    cacheControl: protocol === 'anthropic',
    contentFilter: fault === 'content-filter-finish',
  });
  const meta: ReplyMeta = {
    id: (protocol === 'openai' ? 'chatcmpl-emu' : 'msg_emu') + state.nextId(),
    created: Math.floor(Date.now() / 1000),
    model: er.model,
  };
  const ending: Ending = fault === 'stream-cut' ? 'destroy' : fault === 'stream-stall' ? 'hang' : 'end';
  const opts = state.options;
  const slowMs = fault === 'slow-first-token' ? (traits.faultArg ?? Math.max(SLOW_FIRST_TOKEN_MS, opts.ttftMs)) : undefined;

  if (er.stream) {
    let frames: Frame[] = protocol === 'openai' ? openaiFrames(plan, meta, route.preset, er.includeUsage) : anthropicFrames(plan, meta);
    if (fault === 'no-done') frames = frames.filter((f) => !f.terminal);
    else if (fault === 'malformed-chunk') {
      const bad = protocol === 'openai' ? openaiMalformedFrame(meta) : anthropicMalformedFrame();
      frames.splice(Math.floor(frames.length / 2), 0, bad);
    } else if (ending !== 'end') frames = frames.slice(0, Math.max(1, Math.floor(frames.length / 2)));
    sendFrames(res, frames, { ttftMs: slowMs ?? opts.ttftMs, tokensPerSecond: opts.tokensPerSecond }, ending, state.timers);
    return;
  }

  let body = protocol === 'openai' ? openaiJson(plan, meta, route.preset) : anthropicJson(plan, meta);
  if (fault === 'malformed-chunk') body = body.slice(0, Math.floor(body.length / 2));
  const delay = slowMs ?? opts.ttftMs + (opts.tokensPerSecond > 0 ? (plan.usage.output * 1000) / opts.tokensPerSecond : 0);
  if (delay <= 0) return sendJson(res, 200, body, ending);
  const t = state.timers.after(delay, () => {
    if (!res.destroyed) sendJson(res, 200, body, ending);
  });
  res.once('close', () => state.timers.cancel(t));
}

/**
 * The request pipeline shared by every dialect: parse -> plan -> execute (fallbacks, retries) -> write the
 * answer in the client's protocol -> meter -> ledger. Streams are committed to the client only once the
 * upstream produced its first event, so failures before that still fall back; after it, a failure ends
 * the stream with an in-band error, never with a clean finish.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors.js';
import { estimateRequestTokens, estimateUsage } from '../metering/estimate.js';
import { meter } from '../metering/meter.js';
import { formatUsd, picoToUsd } from '../metering/money.js';
import type { LedgerRecord } from '../ledger/types.js';
import { promptForLog } from '../ledger/prompt-log.js';
import { safeDecision, type RouteContext, type Router, type RoutePlan } from '../routing/plan.js';
import type { ModelEntry } from '../routing/registry.js';
import type { ChatRequest, ChatResponse, StreamPart, Usage } from '../spec/chat.js';
import { cascadeOutcome } from '../routing/strategies/index.js';
import { ClientSignal, type CallerSignal } from '../upstream/caller-signal.js';
import { UpstreamError } from '../upstream/errors.js';
import { routingInputsJson, watchedNames } from '../routing/routing-inputs.js';
import { headerValue } from '../util/header-value.js';
import { log } from '../util/log.js';
import { responseToParts } from '../convert/response-to-parts.js';
import type { Dialect } from './dialect.js';
import { ChainError, ClientLeft, executePlan, type Executed, type ExecuteOptions, type LostCalls } from './execute.js';
import type { Gateway, RequestContext } from './gateway.js';
import { clientErrorFor } from './upstream-errors.js';
import { sendError } from './respond.js';
import { NO_ADMISSION, type Admission } from './budget-guard.js';

export async function handleChat(gw: Gateway, dialect: Dialect, body: unknown, req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  let request: ChatRequest;
  let plan: RoutePlan;
  let admission: Admission;
  let inputEstimate = 0;
  try {
    request = dialect.parse(body);
    if (ctx.allowed) checkAllowed(ctx.allowed, request, gw.router);
    const free = gw.guard.isFree(ctx.principal);
    const degradeTo = free ? null : await gw.guard.degradeTarget(ctx.principal);
    const asked = request.model;
    if (degradeTo) request.model = degradeTo;
    inputEstimate = estimateRequestTokens(request);
    ctx.inputEstimate = inputEstimate;
    plan = gw.router.plan(request, routeContext(gw, ctx, inputEstimate));
    // the ledger keeps what the client asked for; the decision says where the budget sent it
    if (degradeTo) plan = { ...plan, requested: asked, decision: `budget degrade -> ${degradeTo}; ${plan.decision}` };
    admission = free ? NO_ADMISSION : await gw.guard.admit(request, plan.targets, ctx.principal, inputEstimate);
  } catch (err) {
    sendError(res, dialect, err, ctx.requestId);
    return;
  }
  const stream = dialect.wantsStream(request);
  // Fires when the client leaves before the answer is complete (a light AbortController, see ClientSignal).
  const abort = new ClientSignal();
  const onClose = (): void => {
    if (!res.writableFinished) abort.abort();
  };
  res.once('close', onClose);

  // A cascade that validates streamed answers buffers them: the upstream call is not streamed.
  const upstreamStream = stream && !plan.cascade?.bufferStream;
  let executed: Executed;
  try {
    executed = await executePlan(plan, request, gw.config, gw.breaker, executeOptions(gw, admission, upstreamStream, inputEstimate, abort));
    executed = withLostCalls(gw, ctx, request, plan, executed, inputEstimate, stream);
    if (executed.response && plan.cascade) {
      const escalated = await escalate(gw, ctx, request, plan, executed, admission, inputEstimate, abort);
      if (escalated === CLIENT_GONE) {
        res.off('close', onClose);
        return; // the cheap answer is billed and recorded; there is no one left to answer
      }
      if (escalated) ({ plan, executed, admission } = escalated);
    }
  } catch (err) {
    if (err instanceof ClientLeft) {
      billAbandoned(gw, ctx, request, plan, err, admission, inputEstimate, stream);
      return;
    }
    // upstream calls were made (and failed, or the client left between them): they get a row
    const chain = err instanceof ChainError && err.attempts > 0 ? err : null;
    const lost = chain ? unansweredCost(gw, chain, inputEstimate) : null;
    if (admission !== NO_ADMISSION) {
      if (lost) await gw.guard.settle(admission, lost.costPico, lost.usage, lost.modelId);
      else await gw.guard.release(admission);
    }
    if (abort.aborted && !chain) return; // the client left before any upstream call; nothing to send or bill
    const status = abort.aborted ? 499 : sendError(res, dialect, err instanceof ChainError ? err.error : err, ctx.requestId, plan);
    if (chain) gw.ledger.append(failedChainRow(gw, ctx, request, plan, chain, lost, status, abort.aborted ? 'client_closed' : chain.error.code, stream));
    return;
  }

  if (executed.response && stream) {
    // A buffered (cascade-validated) answer is sent to the streaming client as a stream.
    executed = { ...executed, parts: responseToParts(executed.response) };
    await writeStream(gw, dialect, res, ctx, request, plan, executed, inputEstimate, abort, admission);
  } else if (executed.response) {
    await writeJson(gw, dialect, res, ctx, request, plan, executed, admission);
  } else {
    await writeStream(gw, dialect, res, ctx, request, plan, executed, inputEstimate, abort, admission);
  }
  res.off('close', onClose);
}

const ZERO_USAGE: Usage = Object.freeze({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });

function baseHeaders(ctx: RequestContext, target: ModelEntry, plan: RoutePlan, admission: Admission): Record<string, string> {
  const h: Record<string, string> = {
    'x-switchyard-request-id': ctx.requestId,
    'x-switchyard-model': headerValue(target.modelId),
    'x-switchyard-provider': headerValue(target.provider.name),
    // the decision gains notes after planning (budget degrade, cascade outcome): made header-safe here
    'x-switchyard-decision': safeDecision(plan.decision),
  };
  if (plan.route) h['x-switchyard-route'] = headerValue(plan.route);
  if (plan.score !== undefined) h['x-switchyard-score'] = plan.score.toFixed(4);
  if (admission.warnings.length) h['x-switchyard-budget-warning'] = headerValue(admission.warnings.join('; '));
  return h;
}

async function writeJson(gw: Gateway, dialect: Dialect, res: ServerResponse, ctx: RequestContext, request: ChatRequest, plan: RoutePlan, ex: Executed, admission: Admission): Promise<void> {
  const response = ex.response!;
  const m = meter(response.usage, ex.target.price, gw.baselinePrice);
  const lost = ex.lost;
  void settle(gw, admission, m.costPico, response.usage, ex.target.modelId, lost);
  const headers = baseHeaders(ctx, ex.target, plan, admission);
  headers['content-type'] = 'application/json';
  const billed = m.costPico + (ex.priorCostPico ?? 0) + (lost?.costPico ?? 0);
  headers['x-switchyard-cost-usd'] = formatUsd(billed);
  headers['x-switchyard-baseline-cost-usd'] = formatUsd(m.baselineCostPico + (ex.priorBaselinePico ?? 0) + (lost?.baselinePico ?? 0));
  const body = dialect.responseBody(response, ex.target.modelId, picoToUsd(billed));
  // An explicit length avoids chunked encoding: headers and body leave in one write.
  headers['content-length'] = String(Buffer.byteLength(body));
  const committed = commit(
    gw,
    record(gw, ctx, request, plan, ex.target, ex.attempts, response.usage, response.usageEstimated === true, m.costPico, m.baselineCostPico, null, 'ok', 200, null, false),
  );
  if (committed) await committed;
  res.writeHead(200, headers);
  res.end(body);
}

/**
 * Stores a ledger row. With `ledger_commit: before_response` it returns a promise to await before the
 * response completes; a failing store never fails the request (the row stays queued for retry).
 */
function commit(gw: Gateway, rec: LedgerRecord): Promise<void> | undefined {
  if (gw.config.ledgerCommit === 'before_response' && gw.ledger.appendDurable) {
    return gw.ledger.appendDurable(rec).catch((err: unknown) => log.warn('ledger commit delayed', { requestId: rec.request_id, err: err as Error }));
  }
  gw.ledger.append(rec);
  return undefined;
}

async function writeStream(
  gw: Gateway,
  dialect: Dialect,
  res: ServerResponse,
  ctx: RequestContext,
  request: ChatRequest,
  plan: RoutePlan,
  ex: Executed,
  inputEstimate: number,
  signal: CallerSignal,
  admission: Admission,
): Promise<void> {
  const headers = baseHeaders(ctx, ex.target, plan, admission);
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  res.writeHead(200, headers);
  const encoder = dialect.streamEncoder({
    id: `chatcmpl-${ctx.requestId}`,
    model: ex.target.modelId,
    created: Math.floor(ctx.time / 1000),
    includeUsage: dialect.wantsStreamUsage(request),
    inputEstimate,
  });
  let usage: Usage | undefined;
  let outChars = 0;
  let ttft: number | null = null;
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    if (!res.destroyed) res.write(chunk);
  };
  try {
    for await (const part of ex.parts!) {
      // Backpressure: while the client is not reading, stop pulling parts, so the upstream reader fills its
      // small queue and pauses the upstream socket instead of buffering the whole answer in memory.
      if (res.writableNeedDrain) {
        flush();
        // bounded: a client that keeps its connection but never reads would hold its budget reservation
        if (!(await drainedOrClosed(res, gw.config.server.clientTimeoutMs))) res.destroy();
      }
      if (part.type === 'usage') {
        usage = part.usage;
        continue;
      }
      if (part.type === 'text' || part.type === 'reasoning') outChars += part.text.length;
      else if (part.type === 'tool-call-delta') outChars += part.arguments.length;
      else if (part.type === 'tool-call-start') outChars += part.name.length;
      if (ttft === null && outChars > 0) ttft = performance.now() - ctx.start;
      const frame = encoder.frame(part);
      if (frame) {
        // Frames decoded from one upstream read arrive in the same tick: send them as one write.
        if (pending === '') process.nextTick(flush);
        pending += frame;
      }
    }
    if (pending !== '') flush();
    const estimated = usage === undefined;
    const final = usage ?? estimateUsage(inputEstimate, outChars);
    const m = meter(final, ex.target.price, gw.baselinePrice);
    void settle(gw, admission, m.costPico, final, ex.target.modelId, ex.lost);
    const committed = commit(gw, record(gw, ctx, request, plan, ex.target, ex.attempts, final, estimated, m.costPico, m.baselineCostPico, ttft, 'ok', 200, null, true));
    if (committed) await committed;
    res.end(encoder.finish(final, picoToUsd(m.costPico + (ex.priorCostPico ?? 0) + (ex.lost?.costPico ?? 0))));
  } catch (err) {
    const clientGone = signal.aborted;
    const error =
      err instanceof UpstreamError
        ? clientErrorFor(err.info, `${ex.target.provider.name}/${ex.target.upstreamModel}`, err)
        : err instanceof GatewayError
          ? err
          : new GatewayError('SY_ERR_INTERNAL', 'internal error while streaming', null, { cause: err });
    flush();
    if (!clientGone) {
      if (error.code === 'SY_ERR_INTERNAL') log.error('stream failed', { requestId: ctx.requestId, err: err as Error });
      res.end(encoder.error(error));
    } else if (!res.destroyed) {
      res.destroy();
    }
    // Bill what was consumed: the reported usage if any arrived, else an estimate of what was streamed.
    const { usage: partial, estimated } = interruptedUsage(usage, inputEstimate, outChars);
    const m = meter(partial, ex.target.price, gw.baselinePrice);
    void settle(gw, admission, m.costPico, partial, ex.target.modelId, ex.lost);
    gw.ledger.append(
      // 200 went out with the headers; a client that left is recorded as 499, as before the first byte
      record(gw, ctx, request, plan, ex.target, ex.attempts, partial, estimated, m.costPico, m.baselineCostPico, ttft, 'error', clientGone ? 499 : 200, clientGone ? 'client_closed' : error.code, true),
    );
  }
}

/** Resolves true when `res` can take more data or is gone, false when `timeoutMs` passed first. */
function drainedOrClosed(res: ServerResponse, timeoutMs: number): Promise<boolean> {
  if (res.destroyed || !res.writableNeedDrain) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const done = (drained: boolean): void => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onDrain);
      resolve(drained);
    };
    const onDrain = (): void => done(true);
    const timer = setTimeout(done, timeoutMs, false);
    res.on('drain', onDrain);
    res.on('close', onDrain);
  });
}

function executeOptions(gw: Gateway, admission: Admission, stream: boolean, inputEstimate: number, signal: CallerSignal): ExecuteOptions {
  const opts: ExecuteOptions = { stream, inputEstimate, signal };
  const limiter = gw.guard.modelLimiter(admission);
  if (limiter) opts.beforeTarget = limiter;
  // the budget's max_tokens goes upstream on per-target copies: the ledger keeps the client's request
  if (admission.maxTokensCap !== undefined) opts.outputCap = admission.maxTokensCap;
  return opts;
}

/**
 * The client left while an upstream call was under way: the provider has the prompt and may bill it
 * (some finish and bill a non-streaming answer regardless). Without usage to go by, the estimated input
 * is billed and recorded (`usage_estimated`, 499 `client_closed`), so the budget and ledger never miss
 * a call that may cost money.
 */
function billAbandoned(gw: Gateway, ctx: RequestContext, request: ChatRequest, plan: RoutePlan, left: ClientLeft, admission: Admission, inputEstimate: number, stream: boolean, superseded = false): void {
  const usage = estimateUsage(inputEstimate, 0);
  const m = meter(usage, left.target.price, gw.baselinePrice);
  const lost = recordUnanswered(gw, ctx, request, plan, left.unanswered, inputEstimate, stream);
  void settle(gw, admission, m.costPico, usage, left.target.modelId, lost);
  const row = record(gw, ctx, request, plan, left.target, left.attempts, usage, true, m.costPico, m.baselineCostPico, null, 'error', 499, 'client_closed', stream);
  gw.ledger.append(superseded ? { ...row, superseded } : row);
}

/**
 * Calls of a chain cut by `total_ms` before another target answered: the provider was most likely
 * generating them, so each is billed its estimated input on a superseded row of its own (504
 * `SY_ERR_UPSTREAM_TIMEOUT`), and the total is added to what the request settles and shows as its cost.
 */
function recordUnanswered(gw: Gateway, ctx: RequestContext, request: ChatRequest, plan: RoutePlan, targets: readonly ModelEntry[] | undefined, inputEstimate: number, stream: boolean): LostCalls | null {
  if (!targets || targets.length === 0) return null;
  return lostCallsCost(gw, targets, inputEstimate, (target, usage, m) => {
    const row = record(gw, ctx, request, plan, target, 1, usage, true, m.costPico, m.baselineCostPico, null, 'error', 504, 'SY_ERR_UPSTREAM_TIMEOUT', stream);
    gw.ledger.append({ ...row, superseded: true });
  });
}

/** Calls cut by `total_ms`, each billed its estimated input at its own model's price; `each` sees every one. */
function lostCallsCost(gw: Gateway, targets: readonly ModelEntry[], inputEstimate: number, each?: (target: ModelEntry, usage: Usage, m: ReturnType<typeof meter>) => void): LostCalls {
  const one = estimateUsage(inputEstimate, 0);
  let costPico = 0;
  let baselinePico = 0;
  for (const target of targets) {
    const m = meter(one, target.price, gw.baselinePrice);
    costPico += m.costPico;
    baselinePico += m.baselineCostPico;
    each?.(target, one, m);
  }
  return { costPico, baselinePico, usage: { ...one, input: one.input * targets.length } };
}

function withLostCalls(gw: Gateway, ctx: RequestContext, request: ChatRequest, plan: RoutePlan, ex: Executed, inputEstimate: number, stream: boolean): Executed {
  const lost = recordUnanswered(gw, ctx, request, plan, ex.unanswered, inputEstimate, stream);
  return lost ? { ...ex, lost } : ex;
}

/**
 * Settles a request's reservation at what its served call cost plus any `lost` calls cut before it: their
 * tokens count for the key's and project's limits, not the served model's rate limit.
 */
function settle(gw: Gateway, admission: Admission, costPico: number, usage: Usage, modelId: string, lost: LostCalls | null | undefined): Promise<void> {
  if (admission === NO_ADMISSION) return Promise.resolve();
  const lostTokens = lost ? lost.usage.input + lost.usage.cacheRead + lost.usage.cacheWrite + lost.usage.output : 0;
  return gw.guard.settle(admission, costPico + (lost?.costPico ?? 0), usage, modelId, lostTokens);
}

/**
 * What a failed chain's unanswered calls likely cost: calls cut by `total_ms` while the provider was
 * generating, billed on the chain's own row (settled against the model last cut); null when there were none.
 */
function unansweredCost(gw: Gateway, err: ChainError, inputEstimate: number): (LostCalls & { modelId: string }) | null {
  if (err.unanswered.length === 0) return null;
  return { ...lostCallsCost(gw, err.unanswered, inputEstimate), modelId: err.unanswered[err.unanswered.length - 1]!.modelId };
}

/** The ledger row of a chain whose upstream calls all failed (or were cut when the client left). */
function failedChainRow(
  gw: Gateway,
  ctx: RequestContext,
  request: ChatRequest,
  plan: RoutePlan,
  chain: ChainError,
  lost: ReturnType<typeof unansweredCost>,
  httpStatus: number,
  errorCode: string,
  stream: boolean,
): LedgerRecord {
  const usage = lost?.usage ?? ZERO_USAGE;
  return record(gw, ctx, request, plan, chain.lastTarget, chain.attempts, usage, lost !== null, lost?.costPico ?? 0, lost?.baselinePico ?? 0, null, 'error', httpStatus, errorCode, stream);
}

/**
 * Usage of a stream that broke off. Anthropic reports input at `message_start` with `output_tokens: 1`
 * and the real output count only at the end, so a usage seen mid-stream undercounts what was streamed:
 * its output is raised to the estimate of the streamed text (and marked estimated) when that is larger.
 */
function interruptedUsage(seen: Usage | undefined, inputEstimate: number, outChars: number): { usage: Usage; estimated: boolean } {
  const guess = estimateUsage(inputEstimate, outChars);
  if (seen === undefined) return { usage: guess, estimated: true };
  if (seen.output >= guess.output) return { usage: seen, estimated: false };
  return { usage: { ...seen, output: guess.output }, estimated: true };
}


function record(
  gw: Gateway,
  ctx: RequestContext,
  request: ChatRequest,
  plan: RoutePlan,
  target: ModelEntry | undefined,
  attempts: number,
  usage: Usage,
  usageEstimated: boolean,
  costPico: number,
  baselineCostPico: number,
  ttft: number | null,
  status: 'ok' | 'error',
  httpStatus: number,
  errorCode: string | null,
  stream: boolean,
): LedgerRecord {
  return {
    time: ctx.time,
    request_id: ctx.requestId,
    key_id: ctx.keyId,
    project: ctx.project,
    session: ctx.session,
    route: plan.route ?? null,
    reason: plan.decision,
    score: plan.score ?? null,
    requested_model: plan.requested,
    served_model: target?.modelId ?? null,
    provider: target?.provider.name ?? null,
    jurisdiction: target?.provider.jurisdiction ?? null,
    attempts,
    input_tokens: usage.input,
    cache_read_tokens: usage.cacheRead,
    cache_write_tokens: usage.cacheWrite,
    output_tokens: usage.output,
    reasoning_tokens: usage.reasoning,
    usage_estimated: usageEstimated,
    cost_pico: costPico,
    baseline_cost_pico: baselineCostPico,
    latency_ms: Math.round((performance.now() - ctx.start) * 1000) / 1000,
    ttft_ms: ttft === null ? null : Math.round(ttft * 1000) / 1000,
    status,
    http_status: httpStatus,
    error_code: errorCode,
    stream,
    superseded: false,
    routing: routingInputsJson(request, ctx.headers, ctx.inputEstimate ?? 0, watchedNames(gw.config), ctx.jurisdictions),
    prompt: gw.config.logPrompts ? promptForLog(request.messages) : null,
  };
}


/**
 * 403 unless the key may use the requested model (and every model of a `models[]` chain), by the name the
 * client sent or the one `model_map` turns it into: a key allowed the route `smart` may send
 * `claude-haiku-4-5` when `model_map` sends that to `smart` (Claude Code cannot be told other names).
 */
export function checkAllowed(allowed: RegExp[], request: ChatRequest, router: Router): void {
  for (const model of [request.model, ...(request.models ?? [])]) {
    if (allowed.some((re) => re.test(model))) continue;
    const mapped = router.mapModel(model);
    if (mapped !== model && allowed.some((re) => re.test(mapped))) continue;
    throw new GatewayError('SY_ERR_FORBIDDEN', `this key may not use model "${model}"${mapped !== model ? ` (model_map: ${mapped})` : ''}`, 'model');
  }
}

function routeContext(gw: Gateway, ctx: RequestContext, inputTokens: number): RouteContext {
  const rc: RouteContext = {
    headers: ctx.headers,
    keyId: ctx.keyId,
    project: ctx.project,
    inputTokens,
    healthy: (modelId) => gw.breaker.healthy(modelId),
  };
  if (ctx.allowed) rc.allowedModels = ctx.allowed;
  if (ctx.jurisdictions) rc.jurisdictions = ctx.jurisdictions;
  return rc;
}

/** `escalate`'s answer when the client left while the escalation ran. */
const CLIENT_GONE = Symbol('client gone');

/**
 * Cascade: when the cheap answer fails a validator, bill and record it, then run the escalation chain
 * under its own reservation. If the premium chain fails too, the cheap answer stands. If the client leaves
 * meanwhile, the cheap answer is still billed (it was consumed) and the premium attempt is dropped.
 */
async function escalate(
  gw: Gateway,
  ctx: RequestContext,
  request: ChatRequest,
  plan: RoutePlan,
  cheap: Executed,
  admission: Admission,
  inputEstimate: number,
  signal: CallerSignal,
): Promise<{ plan: RoutePlan; executed: Executed; admission: Admission } | typeof CLIENT_GONE | null> {
  const outcome = cascadeOutcome(plan, request, cheap.response!);
  if (!outcome.escalate) return null;
  const next = outcome.plan;
  let nextAdmission = NO_ADMISSION;
  let executed: Executed;
  try {
    if (!gw.guard.isFree(ctx.principal)) nextAdmission = await gw.guard.admit(request, next.targets, ctx.principal, inputEstimate);
    executed = await executePlan(next, request, gw.config, gw.breaker, executeOptions(gw, nextAdmission, false, inputEstimate, signal));
    executed = withLostCalls(gw, ctx, request, next, executed, inputEstimate, request.stream === true);
  } catch (err) {
    const chain = err instanceof ChainError && err.attempts > 0 ? err : null;
    const lost = chain ? unansweredCost(gw, chain, inputEstimate) : null;
    // the premium call the client abandoned has its own row (an attempt, not a request): see billAbandoned
    if (err instanceof ClientLeft) billAbandoned(gw, ctx, request, { ...next, decision: `${next.decision}; escalation cancelled: client closed` }, err, nextAdmission, inputEstimate, request.stream === true, true);
    else if (nextAdmission !== NO_ADMISSION) {
      if (lost) await gw.guard.settle(nextAdmission, lost.costPico, lost.usage, lost.modelId);
      else await gw.guard.release(nextAdmission);
    }
    if (signal.aborted) {
      if (chain) {
        const cancelled = { ...next, decision: `${next.decision}; escalation cancelled: client closed` };
        gw.ledger.append({ ...failedChainRow(gw, ctx, request, cancelled, chain, lost, 499, 'client_closed', request.stream === true), superseded: true });
      }
      const rejected = `${plan.decision}; rejected (${outcome.verdict.reason}), escalation cancelled: client closed`;
      await billCheap(gw, ctx, request, { ...plan, decision: rejected }, cheap, admission, 'client_closed');
      return CLIENT_GONE;
    }
    log.warn('cascade escalation failed; answering with the cheap model', { requestId: ctx.requestId, err: err as Error });
    if (chain) {
      // The premium attempts happened (and failed): they belong in the ledger like any failed request. The
      // client still gets the cheap answer, so the row's http_status is the 200 it receives.
      const failed = { ...next, decision: `${next.decision}; escalation failed, cheap answer kept` };
      gw.ledger.append({ ...failedChainRow(gw, ctx, request, failed, chain, lost, 200, chain.error.code, request.stream === true), superseded: true });
    }
    // the failed escalation's likely-billed calls (settled on its own admission) show in the request's cost
    const shown: Executed = lost ? { ...cheap, priorCostPico: (cheap.priorCostPico ?? 0) + lost.costPico, priorBaselinePico: (cheap.priorBaselinePico ?? 0) + lost.baselinePico } : cheap;
    return { plan: { ...plan, decision: `${plan.decision}; escalation failed, cheap answer kept` }, executed: shown, admission };
  }
  // The rejected cheap answer was consumed: bill and record it as its own row.
  const cheapBill = await billCheap(gw, ctx, request, { ...plan, decision: `${plan.decision}; rejected (${outcome.verdict.reason}), escalated` }, cheap, admission, null);
  return {
    plan: next,
    executed: { ...executed, attempts: executed.attempts + cheap.attempts, priorCostPico: cheapBill.costPico, priorBaselinePico: cheapBill.baselineCostPico },
    admission: nextAdmission,
  };
}

/**
 * Settles the cheap attempt's reservation at its exact cost and records its row: `ok` when the request
 * went on to escalate, an error row with `errorCode` when the request ended there (the client left).
 */
async function billCheap(gw: Gateway, ctx: RequestContext, request: ChatRequest, plan: RoutePlan, cheap: Executed, admission: Admission, errorCode: string | null): Promise<{ costPico: number; baselineCostPico: number }> {
  const response = cheap.response!;
  const m = meter(response.usage, cheap.target.price, gw.baselinePrice);
  await settle(gw, admission, m.costPico, response.usage, cheap.target.modelId, cheap.lost);
  // 499 (nginx's "client closed request") when the client left before any answer was sent
  const [status, httpStatus] = errorCode === null ? (['ok', 200] as const) : (['error', 499] as const);
  // `stream` is the client's request (a buffered cascade calls the cheap model without streaming)
  const row = record(gw, ctx, request, plan, cheap.target, cheap.attempts, response.usage, response.usageEstimated === true, m.costPico, m.baselineCostPico, null, status, httpStatus, errorCode, request.stream === true);
  // escalated: the premium answer replaces this one, so it is an attempt, not a request of its own
  gw.ledger.append({ ...row, superseded: errorCode === null });
  return { costPico: m.costPico + (cheap.lost?.costPico ?? 0), baselineCostPico: m.baselineCostPico + (cheap.lost?.baselinePico ?? 0) };
}


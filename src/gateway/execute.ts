/**
 * Runs a route plan: tries each target of the fallback chain in order (same-target retries happen inside
 * `invokeTarget`). `context_length_exceeded` jumps to the next target with a larger window; a content
 * policy refusal moves on without retrying the same model; a client error (400) stops at once.
 */
import { estimateUsage } from '../metering/estimate.js';
import { adapterFor } from '../providers/index.js';
import type { ChatRequest, ChatResponse, StreamPart, Usage } from '../spec/chat.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { invokeTarget } from '../upstream/invoke.js';
import { isAbortedByCaller, UpstreamError, UpstreamErrorCode } from '../upstream/errors.js';
import type { CircuitBreaker } from '../upstream/circuit-breaker.js';
import type { CallerSignal } from '../upstream/caller-signal.js';
import type { Config } from '../config/types.js';
import type { ModelEntry } from '../routing/registry.js';
import type { RoutePlan } from '../routing/plan.js';
import { GatewayError } from '../errors.js';
import { clientErrorFor } from './upstream-errors.js';
import { log } from '../util/log.js';

export interface Executed {
  target: ModelEntry;
  /** Upstream HTTP attempts over the whole chain. */
  attempts: number;
  /** Targets tried before the one that answered. */
  fallbacks: number;
  response?: ChatResponse;
  parts?: AsyncIterable<StreamPart>;
  /**
   * Cost of earlier answers this request consumed and was billed for (a cascade's rejected cheap answer),
   * added to the cost the client is shown (`x-switchyard-cost-usd`, `usage.cost`); each has its own ledger row.
   */
  priorCostPico?: number;
  /** The baseline cost of those earlier answers, so savings compare like with like. */
  priorBaselinePico?: number;
  /** Earlier calls of the chain cut by `total_ms` (likely billed): they get rows and are billed too. */
  unanswered?: readonly ModelEntry[];
  /** What those calls cost, once recorded (added to what the request settles and shows). */
  lost?: LostCalls;
}

/** The estimated cost of calls cut by `total_ms` before the answer, recorded as rows of their own. */
export interface LostCalls {
  costPico: number;
  baselinePico: number;
  usage: Usage;
}

export interface ExecuteOptions {
  stream: boolean;
  /** Estimated input tokens, for the context-window check. */
  inputEstimate: number;
  signal?: CallerSignal;
  /**
   * Called before each target is tried (its own rate limits): an error skips the target like an upstream
   * 429 would, and is the chain's error when no target could be tried.
   */
  beforeTarget?: (target: ModelEntry) => Promise<GatewayError | null> | null;
  /**
   * The max_tokens a budget grants a request that set none: sent to each target, lowered to what its
   * context window leaves after the input (the client's own max_tokens is what the window check uses).
   */
  outputCap?: number;
}

/** A failure of one target in the chain, kept for the final error and the ledger. */
export class ChainError extends Error {
  constructor(
    readonly error: GatewayError,
    readonly attempts: number,
    readonly lastTarget?: ModelEntry,
    /** Calls cut by `total_ms` while the provider had them (one entry per call): likely billed. */
    readonly unanswered: readonly ModelEntry[] = [],
  ) {
    super(error.message);
  }
}

/** The client left while `target` was being called (or between its retries): no answer to send. */
export class ClientLeft extends Error {
  constructor(
    readonly target: ModelEntry,
    readonly attempts: number,
    options: { cause: unknown },
    /** Earlier calls of the chain cut by `total_ms` (likely billed). */
    readonly unanswered: readonly ModelEntry[] = [],
  ) {
    super('the client closed the connection before the answer', options);
  }
}

export async function executePlan(
  plan: RoutePlan,
  request: ChatRequest,
  config: Config,
  breaker: CircuitBreaker,
  opts: ExecuteOptions,
): Promise<Executed> {
  let attempts = 0;
  let fallbacks = 0;
  let last: { info: UpstreamErrorInfo; target: ModelEntry; cause: unknown } | undefined;
  let minWindow = 0;
  let skippedForContext = 0;
  let limited: GatewayError | undefined;
  const unanswered: ModelEntry[] = [];
  const wantOutput = request.max_completion_tokens ?? request.max_tokens ?? 0;
  for (const target of plan.targets) {
    const window = target.contextWindow ?? Number.POSITIVE_INFINITY;
    // what is sent: a max_tokens above the model's output limit is lowered to it
    if (window <= minWindow || opts.inputEstimate + Math.min(wantOutput, target.maxOutput ?? wantOutput) > window) {
      skippedForContext++;
      continue;
    }
    if (opts.beforeTarget) {
      const check = opts.beforeTarget(target);
      const refused = check === null ? null : await check;
      if (refused) {
        limited ??= refused;
        fallbacks++;
        continue;
      }
    }
    try {
      const result = await invokeTarget(adapterFor(target.provider), target, opts.outputCap === undefined ? request : capped(request, target, opts.outputCap, opts.inputEstimate), {
        stream: opts.stream,
        timeouts: config.timeouts,
        retry: config.retry,
        breaker,
        breakerKey: target.modelId,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      attempts += result.attempts;
      const done: Executed =
        result.kind === 'response'
          ? { target, attempts, fallbacks, response: withUsage(result.response, opts.inputEstimate) }
          : { target, attempts, fallbacks, parts: result.parts };
      if (unanswered.length > 0) done.unanswered = unanswered;
      return done;
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      // billed only when the client cut a call the provider already had (not before sending, not in a backoff)
      if (isAbortedByCaller(err)) {
        if (err.inFlight) throw new ClientLeft(target, attempts + err.attempts, { cause: err }, unanswered);
        // left between calls: those made still get a row, and any the provider likely billed are billed
        const made = attempts + err.attempts;
        // the row names the model last called: this one if it was, else the one before
        const called = err.attempts > 0 ? target : (last?.target ?? target);
        if (made > 0) throw new ChainError(clientErrorFor(err.info, `${called.provider.name}/${called.upstreamModel}`, err), made, called, unanswered);
        throw err;
      }
      attempts += err.attempts;
      if (err.code === UpstreamErrorCode.TOTAL_TIMEOUT) unanswered.push(target);
      last = { info: err.info, target, cause: err };
      log.warn('upstream failed', { model: target.modelId, provider: target.provider.name, kind: err.info.kind, status: err.info.status, attempts: err.attempts, message: err.info.message });
      if (err.info.kind === 'bad_request') break;
      if (err.info.kind === 'context_length') minWindow = target.contextWindow ?? Number.POSITIVE_INFINITY;
      fallbacks++;
    }
  }
  if (!last) {
    const error = limited ?? (
      skippedForContext > 0
        ? new GatewayError('SY_ERR_CONTEXT_LENGTH', `the prompt (~${opts.inputEstimate} tokens${wantOutput ? ` + ${wantOutput} max output` : ''}) does not fit the context window of any model in the chain (${plan.targets.map((t) => `${t.modelId}: ${t.contextWindow ?? '?'}`).join(', ')})`, 'messages')
        : new GatewayError('SY_ERR_NO_ELIGIBLE_MODEL', 'no model in the chain could be tried', 'model'));
    throw new ChainError(error, attempts);
  }
  throw new ChainError(clientErrorFor(last.info, `${last.target.provider.name}/${last.target.upstreamModel}`, last.cause), attempts, last.target, unanswered);
}

/**
 * An answer whose upstream reported no usage (some vLLM, Ollama or proxy setups) would be metered at $0 and
 * slip past every budget: it is billed at the estimated input plus its output's length (4 characters a
 * token), as a stream without usage is, and stays marked estimated.
 */
function withUsage(response: ChatResponse, inputEstimate: number): ChatResponse {
  if (!response.usageEstimated) return response;
  const m = response.message;
  let chars = (typeof m.content === 'string' ? m.content.length : 0) + (m.reasoning_content?.length ?? 0) + (m.refusal?.length ?? 0);
  for (const call of m.tool_calls ?? []) chars += call.function.name.length + call.function.arguments.length;
  return { ...response, usage: estimateUsage(inputEstimate, chars) };
}

/** `request` with the budget's max_tokens, within `target`'s output limit and what its context window leaves. */
function capped(request: ChatRequest, target: ModelEntry, cap: number, inputEstimate: number): ChatRequest {
  const room = target.contextWindow === undefined ? cap : Math.max(1, target.contextWindow - inputEstimate);
  return { ...request, max_tokens: Math.min(cap, room, target.maxOutput ?? cap) };
}

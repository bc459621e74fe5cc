/**
 * One call to one target: build the request once, send it, retry the same target on retryable failures
 * while nothing has reached the client, and turn the reply into canonical results. Falling back to other
 * targets is the pipeline's job; it sees `UpstreamError`s carrying `info.kind` and `attempts`.
 *
 * A stream resolves only once its first part is available, so a failure or a stall before the first
 * event is retried here (or falls back) with the client still having received nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatRequest, ChatResponse, StreamPart } from '../spec/chat.js';
import type { ProviderAdapter, ResolvedTarget, UpstreamErrorInfo, UpstreamRequest } from '../spec/provider.js';
import type { RetryPolicy, UpstreamTimeouts } from '../config/types.js';
import { sendUpstream, upstreamWhere, type UpstreamHeaders, type UpstreamResponse } from './http-client.js';
import { readBody } from './read-body.js';
import { StreamReader } from './stream-reader.js';
import { responseToParts } from '../convert/response-to-parts.js';
import {
  UpstreamError,
  UpstreamErrorCode,
  adapterError,
  callerAbortError,
  kindForStatus,
  networkError,
  upstreamError,
} from './errors.js';
import { backoffDelay, isRetryable, parseRetryAfter } from './retry.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { sleepUnlessAborted, type CallerSignal } from './caller-signal.js';

/** Largest non-streamed response body accepted. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Error bodies are read up to this much; enough for any provider's error JSON. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface InvokeOptions {
  stream: boolean;
  timeouts: UpstreamTimeouts;
  retry: RetryPolicy;
  /**
   * The client's signal: aborting stops the call and any retry wait (`SY_ERR_UPSTREAM_ABORTED`, not
   * retried, not counted by the breaker). An `AbortSignal.timeout()` reason gives a `timeout` instead.
   * `timeouts.totalMs` bounds each attempt; use such a signal for a deadline over all attempts.
   */
  signal?: CallerSignal;
  breaker?: CircuitBreaker;
  /** The breaker key for this target; default `targetKey(target)` (provider/upstream model). */
  breakerKey?: string;
  /** Called before each retry wait with the failure, the attempt that failed (1-based) and the delay. */
  onRetry?: (info: UpstreamErrorInfo, attempt: number, delayMs: number) => void;
  /** Override `MAX_RESPONSE_BYTES`. */
  maxResponseBytes?: number;
}

interface ResultBase {
  /** Attempts made on this target, the successful one included. */
  attempts: number;
  /** performance.now() when the first body byte of the successful attempt arrived. */
  firstByteAt?: number;
  /** Response headers of the successful attempt (request ids, rate-limit headers). */
  headers: UpstreamHeaders;
}

export interface InvokeResponseResult extends ResultBase {
  kind: 'response';
  response: ChatResponse;
}

export interface InvokeStreamResult extends ResultBase {
  kind: 'stream';
  /**
   * Canonical parts; the first is already buffered. Throws `UpstreamError` on failure (stall, truncation,
   * malformed event, in-band error). Call `return()` (or `break` a for-await) to drop the upstream.
   */
  parts: AsyncIterableIterator<StreamPart>;
}

export type InvokeResult = InvokeResponseResult | InvokeStreamResult;

/** The circuit-breaker key of a target: provider account plus upstream model. */
export function targetKey(target: ResolvedTarget): string {
  return `${target.provider.name}/${target.upstreamModel}`;
}

export function invokeTarget(
  adapter: ProviderAdapter,
  target: ResolvedTarget,
  request: ChatRequest,
  opts: InvokeOptions & { stream: true },
): Promise<InvokeStreamResult>;
export function invokeTarget(
  adapter: ProviderAdapter,
  target: ResolvedTarget,
  request: ChatRequest,
  opts: InvokeOptions & { stream: false },
): Promise<InvokeResponseResult>;
export function invokeTarget(
  adapter: ProviderAdapter,
  target: ResolvedTarget,
  request: ChatRequest,
  opts: InvokeOptions,
): Promise<InvokeResult>;
export async function invokeTarget(
  adapter: ProviderAdapter,
  target: ResolvedTarget,
  request: ChatRequest,
  opts: InvokeOptions,
): Promise<InvokeResult> {
  const upstreamReq = adapter.buildRequest(request, target, opts.stream);
  const breaker = opts.breaker;
  const key = breaker === undefined ? '' : (opts.breakerKey ?? targetKey(target));
  const maxAttempts = Math.max(1, Math.floor(opts.retry.maxAttempts) || 1);

  let last: UpstreamError | undefined;
  for (let attempt = 1; ; attempt++) {
    if (breaker !== undefined && breaker.isOpen(key)) {
      // Opened by our own failures: the last real error says more than "circuit open".
      if (last !== undefined) throw last;
      throw new UpstreamError(
        { kind: 'overloaded', status: 503, message: `circuit open for ${key}` },
        { code: UpstreamErrorCode.CIRCUIT_OPEN, attempts: attempt - 1 },
      );
    }
    try {
      const result = await attemptOnce(adapter, upstreamReq, opts);
      result.attempts = attempt;
      if (breaker !== undefined) {
        breaker.onSuccess(key);
        if (result.kind === 'stream' && result.parts instanceof StreamReader) result.parts.reportTo(breaker, key);
      }
      return result;
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err; // an adapter bug, not an upstream failure
      err.attempts = attempt;
      if (err.code === UpstreamErrorCode.ABORTED) {
        if (!err.inFlight) err.attempts = attempt - 1; // cut before it was sent: this attempt never happened
        throw err;
      }
      const callerDone = opts.signal?.aborted === true; // a deadline passed: another attempt would fail too
      const retryable = isRetryable(err.info.kind);
      // A non-retryable answer (400, 401...) still proves the upstream is up.
      // A rate limit is the upstream answering (busy for this key), not failing: counted as one, five 429s
      // opened the breaker and turned Retry-After answers into 30 s of 503s.
      if (breaker !== undefined && !callerDone) {
        if (err.info.kind === 'rate_limit') breaker.onNeutral(key);
        else if (retryable) breaker.onFailure(key);
        else breaker.onSuccess(key);
      }
      if (!retryable || callerDone || attempt >= maxAttempts) throw err;
      // An answer cut by total_ms was most likely being generated, and billed: asking again would double
      // the bill and the wait for an answer that is as long the second time.
      if (err.code === UpstreamErrorCode.TOTAL_TIMEOUT) throw err;
      last = err;
      const delay = backoffDelay(attempt, opts.retry, err.info.retryAfterMs);
      if (delay === null) throw err; // Retry-After beyond the cap: the next target is the better bet
      opts.onRetry?.(err.info, attempt, delay);
      if (delay > 0) await wait(delay, opts.signal, upstreamReq.url, attempt);
    }
  }
}

async function wait(ms: number, signal: CallerSignal | undefined, url: string, attempt: number): Promise<void> {
  try {
    await (signal === undefined ? sleep(ms) : sleepUnlessAborted(ms, signal));
  } catch (err) {
    const e = callerAbortError(upstreamWhere(url), signal?.reason ?? err);
    e.attempts = attempt;
    throw e;
  }
}

/** One HTTP exchange. Rejects only with `UpstreamError` (adapter bugs aside); `attempts` is set by the caller. */
async function attemptOnce(adapter: ProviderAdapter, req: UpstreamRequest, opts: InvokeOptions): Promise<InvokeResult> {
  const res = await sendUpstream(req, opts.timeouts, opts.signal, !opts.stream);
  const status = res.statusCode;
  if (status < 200 || status >= 300) throw await statusError(adapter, res);

  if (opts.stream) {
    // Some providers and proxies ignore `stream` and send one JSON body: an error, or the whole answer.
    if (isJson(res.headers['content-type'])) {
      const whole = await readWholeAnswer(adapter, res, opts);
      return { kind: 'stream', parts: responseToParts(whole.response), attempts: 0, firstByteAt: whole.firstByteAt, headers: res.headers };
    }
    let reader: StreamReader;
    try {
      reader = new StreamReader(res, adapter.createStreamDecoder());
    } catch (err) {
      discard(res);
      throw err;
    }
    await reader.first();
    return { kind: 'stream', parts: reader, attempts: 0, firstByteAt: reader.firstByteAt, headers: res.headers };
  }
  const whole = await readWholeAnswer(adapter, res, opts);
  return { kind: 'response', response: whole.response, attempts: 0, firstByteAt: whole.firstByteAt, headers: res.headers };
}

function isJson(contentType: string | string[] | undefined): boolean {
  const v = Array.isArray(contentType) ? contentType[0] : contentType;
  return v !== undefined && /^\s*application\/(?:[\w.+-]*\+)?json\b/i.test(v);
}

/** Reads and parses a whole JSON answer (bounded); an error embedded in a 200 is thrown, classified. */
async function readWholeAnswer(adapter: ProviderAdapter, res: UpstreamResponse, opts: InvokeOptions): Promise<{ response: ChatResponse; firstByteAt: number | undefined }> {
  const limit = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  let text: string;
  let firstByteAt: number | undefined;
  try {
    // a stream request's connection has no body timeout of its own (its reader times silences): time them here
    const body = await readBody(res.body, limit, opts.stream ? res.timeouts.idleMs : undefined);
    if (body.overflow) throw upstreamError('invalid_response', `response body exceeds ${limit} bytes`, { where: res.where });
    text = body.text;
    firstByteAt = body.firstByteAt;
  } catch (err) {
    throw networkError(err, res.where, res.timeouts);
  } finally {
    res.release();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw upstreamError('invalid_response', 'upstream sent a response that is not valid JSON', { where: res.where, cause: err });
  }
  let response: ChatResponse;
  try {
    response = adapter.parseResponse(json);
  } catch (err) {
    throw adapterError(err, res.where, 'upstream sent a response the adapter cannot read');
  }
  return { response, firstByteAt };
}

/** Classify a non-2xx reply from its (bounded) body via the adapter, filling Retry-After from headers. */
async function statusError(adapter: ProviderAdapter, res: UpstreamResponse): Promise<UpstreamError> {
  const status = res.statusCode;
  const where = `${res.where} -> ${status}`;
  if (status < 400) {
    discard(res);
    return upstreamError('invalid_response', `unexpected HTTP status ${status}`, { where });
  }
  let text = '';
  try {
    text = (await readBody(res.body, MAX_ERROR_BODY_BYTES, res.timeouts.idleMs)).text;
  } catch {
    // Unreadable error body: the status alone still classifies it.
  } finally {
    res.release();
  }
  let body: unknown = text;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an HTML error page from a proxy...): the adapter gets the raw text.
    }
  }
  let info: UpstreamErrorInfo;
  try {
    info = { ...adapter.parseError(status, body, res.headers) };
  } catch {
    info = { kind: kindForStatus(status), status, message: `upstream answered HTTP ${status}` };
  }
  if (info.retryAfterMs === undefined) {
    const ra = parseRetryAfter(res.headers);
    if (ra !== undefined) info.retryAfterMs = ra;
  }
  return new UpstreamError(info, { where });
}

function noop(): void {}

/** Drop a body we will not read; destroying closes the socket rather than draining an unknown amount. */
function discard(res: UpstreamResponse): void {
  res.body.on('error', noop);
  res.body.destroy();
  res.release();
}

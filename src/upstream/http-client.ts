/**
 * Sends built upstream requests over shared keep-alive undici agents (not global fetch: slower, and its
 * errors hide the cause). One agent per connect timeout, because undici sets that per agent; the config
 * is frozen, so in practice there is exactly one.
 *
 * Timeouts: connect (agent), first byte = response headers of a stream (`headersTimeout`), idle = silence
 * between body chunks (`bodyTimeout`), total = a timer that aborts the whole exchange, body included. A
 * non-streaming answer sends its headers only when the whole answer is written, so its headers wait is
 * bounded by the total timeout alone: first_byte_ms would otherwise cap generation time. The
 * per-request object doubles as the abort signal undici listens to (an EventEmitter is much cheaper to
 * make than an AbortController) and as the returned response, so one attempt allocates one object.
 */
import { EventEmitter } from 'node:events';
import { Agent, type Dispatcher } from 'undici';
import type { UpstreamRequest } from '../spec/provider.js';
import type { UpstreamTimeouts } from '../config/types.js';
import type { CallerSignal } from './caller-signal.js';
import { UpstreamError, UpstreamErrorCode, callerAbortError, networkError, totalTimeoutError } from './errors.js';

export type UpstreamHeaders = Record<string, string | string[] | undefined>;
export type UpstreamBody = Dispatcher.ResponseData['body'];

export interface UpstreamResponse {
  readonly statusCode: number;
  readonly headers: UpstreamHeaders;
  /** Must be consumed or destroyed, then `release()` called. */
  readonly body: UpstreamBody;
  /** `POST https://host/path`: for messages; no query string, no credentials. */
  readonly where: string;
  readonly timeouts: UpstreamTimeouts;
  /** performance.now() when the response headers arrived. */
  readonly headersAt: number;
  /** True once the caller's signal ended the exchange (not the upstream's fault: breakers ignore it). */
  readonly callerAborted: boolean;
  /** Stop the total-timeout clock and unlink the caller's signal. Idempotent. */
  release(): void;
}

export interface UpstreamPoolOptions {
  /** Cap on sockets per origin. A streaming reply holds its socket for its whole duration, so this
   * caps concurrent upstream calls per provider; inbound concurrency bounds it anyway. Default 2048. */
  connectionsPerOrigin?: number | null;
  /** Idle keep-alive socket lifetime when the server gives no `Keep-Alive: timeout` hint. Default 30 s. */
  keepAliveTimeoutMs?: number;
  /** Upper bound on a server's keep-alive hint. Default 10 min. */
  keepAliveMaxTimeoutMs?: number;
}

const DEFAULT_POOL: Required<UpstreamPoolOptions> = {
  connectionsPerOrigin: 2048,
  keepAliveTimeoutMs: 30_000,
  keepAliveMaxTimeoutMs: 600_000,
};

let poolOptions: Required<UpstreamPoolOptions> = DEFAULT_POOL;
const agents = new Map<number, Agent>();

/** Set pool options; only before the first request (agents are created once and kept). */
export function configureUpstreamPool(opts: UpstreamPoolOptions): void {
  if (agents.size > 0) throw new Error('configureUpstreamPool must be called before the first upstream request');
  poolOptions = { ...DEFAULT_POOL, ...opts };
}

export function upstreamAgent(connectMs: number): Agent {
  let agent = agents.get(connectMs);
  if (agent === undefined) {
    agent = new Agent({
      connections: poolOptions.connectionsPerOrigin,
      pipelining: 1, // LLM replies are long: pipelining would queue requests behind them
      keepAliveTimeout: poolOptions.keepAliveTimeoutMs,
      keepAliveMaxTimeout: poolOptions.keepAliveMaxTimeoutMs,
      connect: { timeout: connectMs, keepAlive: true, keepAliveInitialDelay: 30_000 },
    });
    agents.set(connectMs, agent);
  }
  return agent;
}

/**
 * Close every agent: waits for in-flight requests, then destroys whatever is left after `graceMs`
 * (long streams would otherwise hold shutdown for minutes).
 */
export async function closeUpstreamPool(graceMs = 10_000): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(
    all.map(async (agent) => {
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => resolve(agent.destroy()), graceMs);
      });
      try {
        await Promise.race([agent.close(), forced]);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

interface Endpoint {
  origin: string;
  path: string;
  where: string;
}

/** Parsed URLs by string: a handful of distinct upstream URLs, so parse each once. */
const endpoints = new Map<string, Endpoint>();
const MAX_ENDPOINTS = 1024;

function endpointOf(url: string): Endpoint {
  let ep = endpoints.get(url);
  if (ep === undefined) {
    const u = new URL(url);
    // `origin` drops user:password; the query (Gemini-style `?key=`) never reaches `where`.
    ep = { origin: u.origin, path: u.pathname + u.search, where: `POST ${u.origin}${u.pathname}` };
    if (endpoints.size >= MAX_ENDPOINTS) endpoints.clear();
    endpoints.set(url, ep);
  }
  return ep;
}

/** `POST https://host/path` for a URL, safe for messages; a generic label when the URL is invalid. */
export function upstreamWhere(url: string): string {
  try {
    return endpointOf(url).where;
  } catch {
    return 'POST <invalid upstream URL>';
  }
}

const NO_HEADERS: UpstreamHeaders = Object.freeze({});

class UpstreamCall extends EventEmitter implements UpstreamResponse {
  // Read by undici, which accepts an EventEmitter emitting 'abort' as a signal.
  aborted = false;
  reason: UpstreamError | undefined = undefined;
  statusCode = 0;
  headers: UpstreamHeaders = NO_HEADERS;
  body!: UpstreamBody;
  headersAt = 0;
  callerAborted = false;
  private timer: NodeJS.Timeout | undefined = undefined;
  private caller: CallerSignal | undefined = undefined;

  constructor(
    readonly where: string,
    readonly timeouts: UpstreamTimeouts,
  ) {
    super();
  }

  arm(signal: CallerSignal | undefined): void {
    const total = this.timeouts.totalMs;
    if (total > 0 && Number.isFinite(total)) this.timer = setTimeout(onTotalTimeout, total, this);
    if (signal !== undefined) {
      this.caller = signal;
      signal.addEventListener('abort', this); // listener object: no closure per request
    }
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    if (!this.aborted) this.callerAborted = true;
    const err = callerAbortError(this.where, this.caller?.reason);
    err.inFlight = true;
    this.abort(err);
  }

  abort(reason: UpstreamError): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.release();
    this.emit('abort');
  }

  release(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.caller !== undefined) {
      this.caller.removeEventListener('abort', this);
      this.caller = undefined;
    }
  }
}

function onTotalTimeout(call: UpstreamCall): void {
  call.abort(totalTimeoutError(call.where, call.timeouts.totalMs));
}

/** 0 (off: the total timer governs) unless there is no total timeout to fall back on. */
function wholeAnswerHeadersTimeout(t: UpstreamTimeouts): number {
  return t.totalMs > 0 && Number.isFinite(t.totalMs) ? 0 : t.firstByteMs;
}

/**
 * POST `req` and resolve once response headers arrive (any status). Rejects only with `UpstreamError`
 * (connection, timeout, or `SY_ERR_UPSTREAM_ABORTED` when `signal` fires; `TOTAL_TIMEOUT` when it
 * fires with a `TimeoutError` reason, as `AbortSignal.timeout()` does). Errors while reading the body
 * are raw undici errors (or our abort reason): classify them with `networkError(err, res.where, ...)`.
 * `wholeAnswer`: a non-streaming request, whose headers come with the finished answer.
 */
export async function sendUpstream(
  req: UpstreamRequest,
  timeouts: UpstreamTimeouts,
  signal?: CallerSignal,
  wholeAnswer = false,
): Promise<UpstreamResponse> {
  let ep: Endpoint;
  try {
    ep = endpointOf(req.url);
  } catch (err) {
    throw new UpstreamError(
      { kind: 'bad_request', status: 500, message: 'the gateway built an invalid upstream URL' },
      { code: UpstreamErrorCode.INVALID_REQUEST, cause: err },
    );
  }
  if (signal?.aborted) throw callerAbortError(ep.where, signal.reason);
  const call = new UpstreamCall(ep.where, timeouts);
  call.arm(signal);
  try {
    const res = await upstreamAgent(timeouts.connectMs).request({
      origin: ep.origin,
      path: ep.path,
      method: 'POST',
      headers: req.headers,
      body: req.body,
      headersTimeout: wholeAnswer ? wholeAnswerHeadersTimeout(timeouts) : timeouts.firstByteMs,
      // a stream's silences are timed by StreamReader (first event vs later chunks); other bodies here
      bodyTimeout: wholeAnswer ? timeouts.idleMs : 0,
      signal: call,
    });
    call.headersAt = performance.now();
    call.statusCode = res.statusCode;
    call.headers = res.headers;
    call.body = res.body;
    return call;
  } catch (err) {
    call.release();
    throw networkError(err, ep.where, timeouts);
  }
}

/**
 * The one error type of the upstream layer. `info` is the classified, client-safe part (it decides retry
 * and fallback); `message` is for logs and names method and URL; `cause` always keeps the real error.
 * Neither ever contains an API key or a header value: callers pass a pre-sanitised `where` string.
 */
import type { UpstreamErrorKind } from '../spec/chat.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import type { UpstreamTimeouts } from '../config/types.js';

/** Stable codes, one per cause a caller may want to tell apart. */
export const UpstreamErrorCode = {
  RATE_LIMIT: 'SY_ERR_UPSTREAM_RATE_LIMIT',
  OVERLOADED: 'SY_ERR_UPSTREAM_OVERLOADED',
  SERVER: 'SY_ERR_UPSTREAM_SERVER',
  CONNECTION: 'SY_ERR_UPSTREAM_CONNECTION',
  TIMEOUT: 'SY_ERR_UPSTREAM_TIMEOUT',
  CONTEXT_LENGTH: 'SY_ERR_UPSTREAM_CONTEXT_LENGTH',
  CONTENT_FILTER: 'SY_ERR_UPSTREAM_CONTENT_FILTER',
  AUTH: 'SY_ERR_UPSTREAM_AUTH',
  BAD_REQUEST: 'SY_ERR_UPSTREAM_BAD_REQUEST',
  NOT_FOUND: 'SY_ERR_UPSTREAM_NOT_FOUND',
  STREAM_TRUNCATED: 'SY_ERR_UPSTREAM_STREAM_TRUNCATED',
  INVALID_RESPONSE: 'SY_ERR_UPSTREAM_INVALID_RESPONSE',
  CONNECT_TIMEOUT: 'SY_ERR_UPSTREAM_CONNECT_TIMEOUT',
  FIRST_BYTE_TIMEOUT: 'SY_ERR_UPSTREAM_FIRST_BYTE_TIMEOUT',
  IDLE_TIMEOUT: 'SY_ERR_UPSTREAM_IDLE_TIMEOUT',
  TOTAL_TIMEOUT: 'SY_ERR_UPSTREAM_TOTAL_TIMEOUT',
  /** The caller's signal aborted (client went away): neither retried nor counted by breakers. */
  ABORTED: 'SY_ERR_UPSTREAM_ABORTED',
  CIRCUIT_OPEN: 'SY_ERR_UPSTREAM_CIRCUIT_OPEN',
  /** The gateway built a request undici refused (bad header value...): a bug, never retried. */
  INVALID_REQUEST: 'SY_ERR_UPSTREAM_INVALID_REQUEST',
} as const;
export type UpstreamErrorCode = (typeof UpstreamErrorCode)[keyof typeof UpstreamErrorCode];

const CODE_BY_KIND: Record<UpstreamErrorKind, UpstreamErrorCode> = {
  rate_limit: UpstreamErrorCode.RATE_LIMIT,
  overloaded: UpstreamErrorCode.OVERLOADED,
  server: UpstreamErrorCode.SERVER,
  connection: UpstreamErrorCode.CONNECTION,
  timeout: UpstreamErrorCode.TIMEOUT,
  context_length: UpstreamErrorCode.CONTEXT_LENGTH,
  content_filter: UpstreamErrorCode.CONTENT_FILTER,
  auth: UpstreamErrorCode.AUTH,
  bad_request: UpstreamErrorCode.BAD_REQUEST,
  not_found: UpstreamErrorCode.NOT_FOUND,
  stream_truncated: UpstreamErrorCode.STREAM_TRUNCATED,
  invalid_response: UpstreamErrorCode.INVALID_RESPONSE,
};

/** The HTTP status the gateway would answer with when no upstream status exists (network, in-band). */
const STATUS_BY_KIND: Record<UpstreamErrorKind, number> = {
  rate_limit: 429,
  overloaded: 503,
  server: 502,
  connection: 502,
  timeout: 504,
  context_length: 400,
  content_filter: 400,
  auth: 401,
  bad_request: 400,
  not_found: 404,
  stream_truncated: 502,
  invalid_response: 502,
};

/** nginx's "client closed request": there is no upstream answer to report. */
const ABORTED_STATUS = 499;

export function statusForKind(kind: UpstreamErrorKind): number {
  return STATUS_BY_KIND[kind];
}

export interface UpstreamErrorOptions {
  code?: UpstreamErrorCode;
  cause?: unknown;
  /** `POST https://host/path` (no query, no credentials), prefixed to the log message. */
  where?: string;
  attempts?: number;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly info: UpstreamErrorInfo;
  readonly code: UpstreamErrorCode;
  /** Attempts made on the target before giving up (set by `invokeTarget`). */
  attempts: number;
  /**
   * A caller abort that cut an HTTP exchange short (the provider had the request), as opposed to one
   * before sending or during a retry backoff: only the former may have cost money.
   */
  inFlight = false;

  constructor(info: UpstreamErrorInfo, opts?: UpstreamErrorOptions) {
    super(opts?.where ? `${opts.where}: ${info.message}` : info.message, opts?.cause === undefined ? undefined : { cause: opts.cause });
    this.info = info;
    this.code = opts?.code ?? CODE_BY_KIND[info.kind];
    this.attempts = opts?.attempts ?? 1;
  }

  get kind(): UpstreamErrorKind {
    return this.info.kind;
  }

  get status(): number {
    return this.info.status;
  }
}

/** True when the caller's own signal ended the request: do not retry, fall back or count it. */
export function isAbortedByCaller(err: unknown): boolean {
  return err instanceof UpstreamError && err.code === UpstreamErrorCode.ABORTED;
}

/** Build an error of `kind` with the gateway's status for it. */
export function upstreamError(kind: UpstreamErrorKind, message: string, opts?: UpstreamErrorOptions): UpstreamError {
  return new UpstreamError({ kind, status: STATUS_BY_KIND[kind], message }, opts);
}

export function abortedError(where: string, cause?: unknown): UpstreamError {
  return new UpstreamError(
    { kind: 'connection', status: ABORTED_STATUS, message: 'request cancelled by the caller' },
    { code: UpstreamErrorCode.ABORTED, where, cause },
  );
}

/**
 * The caller's signal fired. An `AbortSignal.timeout()` deadline (reason named `TimeoutError`) is a
 * timeout, so a pipeline-wide deadline reads as one; any other reason is a cancellation.
 */
export function callerAbortError(where: string, reason: unknown): UpstreamError {
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return upstreamError('timeout', 'the request deadline passed', { code: UpstreamErrorCode.TOTAL_TIMEOUT, where, cause: reason });
  }
  return abortedError(where, reason);
}

export function totalTimeoutError(where: string, totalMs: number): UpstreamError {
  return upstreamError('timeout', `upstream did not complete within the total timeout of ${totalMs} ms`, {
    code: UpstreamErrorCode.TOTAL_TIMEOUT,
    where,
  });
}

export function stalledError(where: string, idleMs: number, cause?: unknown): UpstreamError {
  return upstreamError('timeout', `stream stalled: no data from upstream for ${idleMs} ms`, {
    code: UpstreamErrorCode.IDLE_TIMEOUT,
    where,
    cause,
  });
}

/** The error code of a Node/undici error, looking through `cause` and AggregateError (happy eyeballs). */
export function errorCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (e as { errors?: unknown }).errors;
    e = Array.isArray(inner) && inner.length > 0 ? inner[0] : (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classify a failure to send or receive (no HTTP status to go by). An `UpstreamError` passes through
 * unchanged: our own abort reasons (total timeout, caller abort) arrive here already classified.
 */
export function networkError(err: unknown, where: string, timeouts?: UpstreamTimeouts): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const code = errorCodeOf(err);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return upstreamError('timeout', timeouts ? `could not connect within ${timeouts.connectMs} ms` : 'connect timeout', {
        code: UpstreamErrorCode.CONNECT_TIMEOUT,
        where,
        cause: err,
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return upstreamError(
        'timeout',
        timeouts ? `no response headers within ${timeouts.firstByteMs} ms` : 'no response headers in time',
        { code: UpstreamErrorCode.FIRST_BYTE_TIMEOUT, where, cause: err },
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return stalledError(where, timeouts?.idleMs ?? 0, err);
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return abortedError(where, err);
    case 'UND_ERR_INVALID_ARG':
      // Fixed text: undici's message could quote a header, and headers carry keys.
      return new UpstreamError(
        { kind: 'bad_request', status: 500, message: 'the gateway built an invalid upstream request' },
        { code: UpstreamErrorCode.INVALID_REQUEST, where, cause: err },
      );
    default: {
      if (err instanceof Error && err.name === 'AbortError') return abortedError(where, err);
      const detail = code ?? (err instanceof Error ? err.message : 'unknown error');
      return upstreamError('connection', `connection to upstream failed (${detail})`, {
        code: UpstreamErrorCode.CONNECTION,
        where,
        cause: err,
      });
    }
  }
}

/**
 * Fallback classification by status alone, for when an adapter's `parseError` itself throws.
 * 529 is Anthropic's "overloaded".
 */
export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  return 'bad_request';
}

function isErrorInfo(v: unknown): v is UpstreamErrorInfo {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { kind?: unknown }).kind === 'string' &&
    (v as { kind: string }).kind in CODE_BY_KIND &&
    typeof (v as { message?: unknown }).message === 'string' &&
    typeof (v as { status?: unknown }).status === 'number'
  );
}

/**
 * Wrap what an adapter threw while decoding. Adapters may throw an error carrying `info`
 * (`UpstreamErrorInfo`); anything else means the upstream sent something the adapter cannot read.
 */
export function adapterError(err: unknown, where: string, message: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const info = err !== null && typeof err === 'object' ? (err as { info?: unknown }).info : undefined;
  if (isErrorInfo(info)) return new UpstreamError(info, { where, cause: err });
  return upstreamError('invalid_response', message, { where, cause: err });
}

/** Public surface of the upstream layer: send, retry, break circuits, parse SSE. */
export { invokeTarget, targetKey, MAX_RESPONSE_BYTES, MAX_ERROR_BODY_BYTES } from './invoke.js';
export type { InvokeOptions, InvokeResult, InvokeResponseResult, InvokeStreamResult } from './invoke.js';
export { ClientSignal, sleepUnlessAborted } from './caller-signal.js';
export type { AbortListener, CallerSignal } from './caller-signal.js';
export { sendUpstream, closeUpstreamPool, configureUpstreamPool, upstreamAgent, upstreamWhere } from './http-client.js';
export type { UpstreamResponse, UpstreamHeaders, UpstreamBody, UpstreamPoolOptions } from './http-client.js';
export { createSseParser, SseLimitError } from './sse.js';
export type { SseParser, SseParserOptions } from './sse.js';
export {
  UpstreamError,
  UpstreamErrorCode,
  isAbortedByCaller,
  networkError,
  adapterError,
  upstreamError,
  statusForKind,
  kindForStatus,
} from './errors.js';
export type { UpstreamErrorOptions } from './errors.js';
export { isRetryable, backoffDelay, parseRetryAfter } from './retry.js';
export { CircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerOptions, CircuitSnapshot, CircuitState } from './circuit-breaker.js';

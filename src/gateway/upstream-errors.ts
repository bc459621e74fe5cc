/** Maps a classified upstream failure to the error the client sees (never leaking secrets). */
import { GatewayError } from '../errors.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';

/** Failures the same request cannot get past by waiting: a Retry-After on them would invite a useless retry. */
const FINAL_KINDS: ReadonlySet<UpstreamErrorInfo['kind']> = new Set(['bad_request', 'context_length', 'content_filter', 'auth']);

export function clientErrorFor(info: UpstreamErrorInfo, where: string, cause?: unknown): GatewayError {
  const retry = info.retryAfterMs !== undefined && !FINAL_KINDS.has(info.kind);
  const opts = { cause, ...(retry ? { retryAfterSec: Math.max(0, Math.ceil(info.retryAfterMs! / 1000)) } : {}) };
  const detail = `${where}: ${info.message}`;
  switch (info.kind) {
    case 'bad_request':
      return new GatewayError('SY_ERR_UPSTREAM_BAD_REQUEST', `upstream rejected the request (${detail})`, null, opts);
    case 'context_length':
      return new GatewayError('SY_ERR_CONTEXT_LENGTH', `the prompt is longer than the context window of every eligible model (${detail})`, 'messages', opts);
    case 'content_filter':
      return new GatewayError('SY_ERR_CONTENT_FILTER', `the request was refused by a content policy (${detail})`, null, opts);
    case 'rate_limit':
      return new GatewayError('SY_ERR_UPSTREAM_RATE_LIMITED', `every eligible upstream is rate limited (${detail})`, null, opts);
    case 'overloaded':
      return new GatewayError('SY_ERR_UPSTREAM_UNAVAILABLE', `every eligible upstream is unavailable (${detail})`, null, opts);
    case 'timeout':
      return new GatewayError('SY_ERR_UPSTREAM_TIMEOUT', `the upstream timed out (${detail})`, null, opts);
    case 'stream_truncated':
      return new GatewayError('SY_ERR_STREAM_INTERRUPTED', `the upstream stream ended before the answer was complete (${detail})`, null, opts);
    case 'auth':
      return new GatewayError('SY_ERR_UPSTREAM_ERROR', `the upstream rejected the gateway's credentials (${where}); check the provider's api_key`, null, opts);
    default:
      return new GatewayError('SY_ERR_UPSTREAM_ERROR', `upstream error (${detail})`, null, opts);
  }
}

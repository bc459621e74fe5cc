/**
 * The error adapters throw when an upstream answer cannot be used (malformed JSON, missing fields, or an
 * error disguised as a 200). It carries a classified `UpstreamErrorInfo`, so `src/upstream` can decide on
 * retry/fallback the same way as for HTTP errors.
 */
import type { UpstreamErrorKind } from '../spec/chat.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';

export class ProviderError extends Error {
  readonly info: UpstreamErrorInfo;

  constructor(info: UpstreamErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'ProviderError';
    this.info = info;
  }

  get kind(): UpstreamErrorKind {
    return this.info.kind;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/**
 * The upstream answered but unusably. `status` 502 is the gateway's view (bad gateway), not the upstream's
 * status line, which was usually 200.
 */
export function invalidResponse(message: string, cause?: unknown): ProviderError {
  return new ProviderError({ kind: 'invalid_response', status: 502, message }, cause === undefined ? undefined : { cause });
}

/** The status the gateway reports for a kind when the upstream gave none that fits (e.g. an error in a 200). */
const STATUS_OF_KIND: Partial<Record<UpstreamErrorKind, number>> = {
  rate_limit: 429,
  overloaded: 503,
  auth: 401,
  not_found: 404,
  timeout: 504,
  context_length: 400,
  content_filter: 400,
  bad_request: 400,
};

/** An error the upstream reported inside a successful (2xx) response. */
export function errorInSuccessfulResponse(kind: UpstreamErrorKind, message: string, providerCode?: string): ProviderError {
  const info: UpstreamErrorInfo = { kind, status: STATUS_OF_KIND[kind] ?? 502, message };
  if (providerCode) info.providerCode = providerCode;
  return new ProviderError(info);
}

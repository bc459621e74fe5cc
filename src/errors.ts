/**
 * The one catalogue of coded errors. Every error a client can see is created here, with its HTTP status;
 * each dialect's error writer turns it into that protocol's shape.
 */
export type ErrorCode =
  | 'SY_ERR_INVALID_JSON'
  | 'SY_ERR_INVALID_REQUEST'
  | 'SY_ERR_UNSUPPORTED_PARAMETER'
  | 'SY_ERR_MODEL_NOT_FOUND'
  | 'SY_ERR_MODEL_NOT_AVAILABLE'
  | 'SY_ERR_NO_ELIGIBLE_MODEL'
  | 'SY_ERR_BODY_TOO_LARGE'
  | 'SY_ERR_REQUEST_TIMEOUT'
  | 'SY_ERR_NOT_FOUND'
  | 'SY_ERR_METHOD_NOT_ALLOWED'
  | 'SY_ERR_UNAUTHORIZED'
  | 'SY_ERR_FORBIDDEN'
  | 'SY_ERR_BUDGET_EXCEEDED'
  | 'SY_ERR_RATE_LIMITED'
  | 'SY_ERR_CONTEXT_LENGTH'
  | 'SY_ERR_CONTENT_FILTER'
  | 'SY_ERR_UPSTREAM_BAD_REQUEST'
  | 'SY_ERR_UPSTREAM_RATE_LIMITED'
  | 'SY_ERR_UPSTREAM_UNAVAILABLE'
  | 'SY_ERR_UPSTREAM_TIMEOUT'
  | 'SY_ERR_UPSTREAM_ERROR'
  | 'SY_ERR_STREAM_INTERRUPTED'
  | 'SY_ERR_SHUTTING_DOWN'
  | 'SY_ERR_INTERNAL';

/** The client-facing category, from which each dialect picks its error `type`. */
export type ErrorCategory =
  | 'invalid_request'
  | 'not_found'
  | 'authentication'
  | 'permission'
  | 'request_too_large'
  | 'rate_limit'
  | 'overloaded'
  | 'timeout'
  | 'upstream'
  | 'api';

interface Definition {
  status: number;
  category: ErrorCategory;
  /** The `code` OpenAI clients see (OpenAI's own codes where one exists). */
  wireCode: string;
}

const DEFINITIONS: Record<ErrorCode, Definition> = {
  SY_ERR_INVALID_JSON: { status: 400, category: 'invalid_request', wireCode: 'invalid_json' },
  SY_ERR_INVALID_REQUEST: { status: 400, category: 'invalid_request', wireCode: 'invalid_request' },
  SY_ERR_UNSUPPORTED_PARAMETER: { status: 400, category: 'invalid_request', wireCode: 'unsupported_parameter' },
  SY_ERR_MODEL_NOT_FOUND: { status: 404, category: 'not_found', wireCode: 'model_not_found' },
  SY_ERR_MODEL_NOT_AVAILABLE: { status: 404, category: 'not_found', wireCode: 'model_not_available' },
  SY_ERR_NO_ELIGIBLE_MODEL: { status: 400, category: 'invalid_request', wireCode: 'no_eligible_model' },
  SY_ERR_BODY_TOO_LARGE: { status: 413, category: 'request_too_large', wireCode: 'request_too_large' },
  SY_ERR_REQUEST_TIMEOUT: { status: 408, category: 'invalid_request', wireCode: 'request_timeout' },
  SY_ERR_NOT_FOUND: { status: 404, category: 'not_found', wireCode: 'not_found' },
  SY_ERR_METHOD_NOT_ALLOWED: { status: 405, category: 'invalid_request', wireCode: 'method_not_allowed' },
  SY_ERR_UNAUTHORIZED: { status: 401, category: 'authentication', wireCode: 'invalid_api_key' },
  SY_ERR_FORBIDDEN: { status: 403, category: 'permission', wireCode: 'forbidden' },
  SY_ERR_BUDGET_EXCEEDED: { status: 429, category: 'rate_limit', wireCode: 'budget_exceeded' },
  SY_ERR_RATE_LIMITED: { status: 429, category: 'rate_limit', wireCode: 'rate_limit_exceeded' },
  SY_ERR_CONTEXT_LENGTH: { status: 400, category: 'invalid_request', wireCode: 'context_length_exceeded' },
  SY_ERR_CONTENT_FILTER: { status: 400, category: 'invalid_request', wireCode: 'content_filter' },
  SY_ERR_UPSTREAM_BAD_REQUEST: { status: 400, category: 'invalid_request', wireCode: 'upstream_bad_request' },
  SY_ERR_UPSTREAM_RATE_LIMITED: { status: 429, category: 'rate_limit', wireCode: 'upstream_rate_limited' },
  SY_ERR_UPSTREAM_UNAVAILABLE: { status: 503, category: 'overloaded', wireCode: 'upstream_unavailable' },
  SY_ERR_UPSTREAM_TIMEOUT: { status: 504, category: 'timeout', wireCode: 'upstream_timeout' },
  SY_ERR_UPSTREAM_ERROR: { status: 502, category: 'upstream', wireCode: 'upstream_error' },
  SY_ERR_STREAM_INTERRUPTED: { status: 502, category: 'upstream', wireCode: 'stream_interrupted' },
  SY_ERR_SHUTTING_DOWN: { status: 503, category: 'overloaded', wireCode: 'shutting_down' },
  SY_ERR_INTERNAL: { status: 500, category: 'api', wireCode: 'internal_error' },
};

export class GatewayError extends Error {
  readonly status: number;
  readonly category: ErrorCategory;
  readonly wireCode: string;
  /** Seconds, for `Retry-After` on 429/503. */
  retryAfterSec?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param: string | null = null,
    options?: { cause?: unknown; retryAfterSec?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    const d = DEFINITIONS[code];
    this.status = d.status;
    this.category = d.category;
    this.wireCode = d.wireCode;
    if (options?.retryAfterSec !== undefined) this.retryAfterSec = options.retryAfterSec;
  }
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

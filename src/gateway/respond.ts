/** Writing an error response in the client's protocol; returns the status sent. */
import type { ServerResponse } from 'node:http';
import { GatewayError } from '../errors.js';
import { safeDecision, type RoutePlan } from '../routing/plan.js';
import { headerValue } from '../util/header-value.js';
import { log } from '../util/log.js';
import type { Dialect } from './dialect.js';

export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  log.error('unexpected error', { err: err as Error });
  return new GatewayError('SY_ERR_INTERNAL', 'internal error', null, { cause: err });
}

export function sendError(res: ServerResponse, dialect: Pick<Dialect, 'errorBody'>, err: unknown, requestId: string, plan?: RoutePlan): number {
  const error = toGatewayError(err);
  if (res.headersSent) {
    res.destroy();
    return error.status;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-switchyard-request-id': requestId };
  if (error.retryAfterSec !== undefined) headers['retry-after'] = String(error.retryAfterSec);
  if (plan?.route) headers['x-switchyard-route'] = headerValue(plan.route);
  if (plan) headers['x-switchyard-decision'] = safeDecision(plan.decision);
  const body = dialect.errorBody(error);
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(error.status, headers);
  res.end(body);
  return error.status;
}

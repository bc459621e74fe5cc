/**
 * The Anthropic Messages front door: `POST /v1/messages` (through the shared chat pipeline, so routing,
 * fallbacks, metering and the ledger are the same as for chat completions) and
 * `POST /v1/messages/count_tokens`. `app.ts` passes the path without its query string, so Claude Code's
 * `/v1/messages?beta=true` lands here too. Callers authenticate with `x-api-key` or `Authorization: Bearer`
 * (any value while no `admin_key` is configured); `anthropic-version` is not required.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countTokensBody, parseCountTokensRequest } from '../dialects/anthropic/count-tokens.js';
import { anthropicDialect } from '../dialects/anthropic/dialect.js';
import { GatewayError } from '../errors.js';
import type { Gateway, RequestContext } from '../gateway/gateway.js';
import { sendError } from '../gateway/respond.js';
import { authorize, chatRoute, type RouteHandler } from './app.js';
import { parseJson, readBody } from './read-body.js';
import { headerValue } from '../util/header-value.js';
import { checkAllowed } from '../gateway/handle-chat.js';

const MESSAGES = '/v1/messages';
const COUNT_TOKENS = '/v1/messages/count_tokens';

export const anthropicRoutes: RouteHandler = async (gw, req, res, ctx, path) => {
  if (path !== MESSAGES && !path.startsWith(`${MESSAGES}/`)) return false;
  if (path === MESSAGES) {
    if (req.method === 'POST') await chatRoute(gw, anthropicDialect, req, res, ctx);
    else methodNotAllowed(res, ctx);
  } else if (path === COUNT_TOKENS) {
    if (req.method === 'POST') await countTokensRoute(gw, req, res, ctx);
    else methodNotAllowed(res, ctx);
  } else {
    sendError(res, anthropicDialect, new GatewayError('SY_ERR_NOT_FOUND', `no route for ${req.method ?? 'GET'} ${path}`, null), ctx.requestId);
  }
  return true;
};

async function countTokensRoute(gw: Gateway, req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  if (!(await authorize(gw, req, res, ctx, anthropicDialect))) {
    req.resume();
    return;
  }
  let body: string;
  let model: string;
  try {
    const request = parseCountTokensRequest(parseJson(await readBody(req, gw.config.server.bodyLimitBytes, gw.config.server.clientTimeoutMs)));
    // A key restricted to some models gets the same 403 here as on /v1/messages.
    if (ctx.allowed) checkAllowed(ctx.allowed, request, gw.router);
    // Planned like a real request, so an unknown model is a 404 here too.
    model = gw.router.plan(request, { headers: ctx.headers }).targets[0]!.modelId;
    body = countTokensBody(request);
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'SY_ERR_BODY_TOO_LARGE') res.setHeader('connection', 'close');
    sendError(res, anthropicDialect, err, ctx.requestId);
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-switchyard-request-id': ctx.requestId,
    'x-switchyard-model': headerValue(model),
    'x-switchyard-token-count': 'estimate',
  });
  res.end(body);
}

function methodNotAllowed(res: ServerResponse, ctx: RequestContext): void {
  res.setHeader('allow', 'POST');
  sendError(res, anthropicDialect, new GatewayError('SY_ERR_METHOD_NOT_ALLOWED', 'use POST', null), ctx.requestId);
}

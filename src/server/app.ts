/**
 * The HTTP front door on plain node:http (no framework allocations on the hot path): dispatch by method
 * and path, read and parse the body, hand over to the dialect pipeline. Tracks in-flight requests so a
 * SIGTERM can drain them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GatewayError } from '../errors.js';
import { openAIDialect } from '../dialects/openai/dialect.js';
import type { Dialect } from '../gateway/dialect.js';
import type { Gateway, RequestContext } from '../gateway/gateway.js';
import { handleChat } from '../gateway/handle-chat.js';
import { sendError } from '../gateway/respond.js';
import { log } from '../util/log.js';
import { modelBody, modelsBody } from './models.js';
import { parseJson, readBody } from './read-body.js';
import { nextRequestId } from './request-id.js';
import { authenticate } from './auth.js';

export interface App {
  server: Server;
  /** Requests being served right now. */
  inflight(): number;
  /** Stop accepting work, wait for in-flight requests (up to `timeoutMs`), then close the server. */
  drain(timeoutMs: number): Promise<void>;
}

/** Extra routes registered by other issues' modules (Anthropic door, admin API). */
export type RouteHandler = (gw: Gateway, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, path: string) => Promise<boolean>;

export function createApp(gw: Gateway, extraRoutes: RouteHandler[] = []): App {
  let inflight = 0;
  let draining = false;
  let onIdle: (() => void) | undefined;
  // Handlers outlive their connection: one cut by a forced drain still bills and records what it used.
  let handlers = 0;
  let onHandlersDone: (() => void) | undefined;

  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    inflight++;
    handlers++;
    res.once('close', () => {
      inflight--;
      if (inflight === 0 && onIdle) onIdle();
    });
    dispatch(req, res)
      .catch((err: unknown) => sendError(res, openAIDialect, err, 'unknown'))
      .finally(() => {
        handlers--;
        if (handlers === 0 && onHandlersDone) onHandlersDone();
      });
  });

  /** Resolves once every request handler has returned, or after `graceMs`. */
  function handlersDone(graceMs: number): Promise<void> {
    if (handlers === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        log.warn('request handlers still running after the drain; their ledger rows may be lost', { handlers });
        resolve();
      }, graceMs);
      timer.unref();
      onHandlersDone = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const ctx: RequestContext = {
      requestId: nextRequestId(),
      time: Date.now(),
      start: performance.now(),
      keyId: null,
      project: null,
      session: null,
      principal: ANONYMOUS,
      headers: req.headers,
      inputEstimate: 0, // set once the body is parsed; here so the object keeps one shape
    };
    if (draining) {
      res.setHeader('connection', 'close');
      sendError(res, openAIDialect, new GatewayError('SY_ERR_SHUTTING_DOWN', 'the gateway is shutting down; retry on another instance', null, { retryAfterSec: 1 }), ctx.requestId);
      return;
    }
    if (path === '/v1/chat/completions' || path === '/chat/completions') {
      if (req.method !== 'POST') return methodNotAllowed(res, openAIDialect, ctx, 'POST');
      await chatRoute(gw, openAIDialect, req, res, ctx);
      return;
    }
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      if (!(await authorize(gw, req, res, ctx, openAIDialect))) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(modelsBody(gw));
      return;
    }
    if (req.method === 'GET' && (path.startsWith('/v1/models/') || path.startsWith('/models/'))) {
      if (!(await authorize(gw, req, res, ctx, openAIDialect))) return;
      const id = decodeModelId(path.slice(path.indexOf('/models/') + '/models/'.length));
      const body = id === null ? null : modelBody(gw, id);
      if (body === null) {
        sendError(res, openAIDialect, new GatewayError('SY_ERR_MODEL_NOT_FOUND', `no model or route "${id ?? path}"`, 'model'), ctx.requestId);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && (path === '/healthz' || path === '/health')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const mem = process.memoryUsage();
      const mb = (n: number) => Math.round(n / 1e5) / 10;
      res.end(
        JSON.stringify({
          status: 'ok',
          sandbox: gw.config.sandbox,
          inflight,
          memory_mb: { rss: mb(mem.rss), heap_used: mb(mem.heapUsed), heap_total: mb(mem.heapTotal), external: mb(mem.external) },
          circuits: gw.breaker.snapshot(),
        }),
      );
      return;
    }
    for (const route of extraRoutes) {
      if (await route(gw, req, res, ctx, path)) return;
    }
    sendError(res, openAIDialect, new GatewayError('SY_ERR_NOT_FOUND', `no route for ${req.method} ${path}`, null), ctx.requestId);
  }

  return {
    server,
    inflight: () => inflight,
    drain(timeoutMs: number): Promise<void> {
      draining = true;
      server.close();
      server.closeIdleConnections();
      return new Promise<void>((resolve) => {
        let called = false;
        const done = (): void => {
          if (called) return; // the timer and the last connection closing may both call it
          called = true;
          clearTimeout(timer);
          server.closeAllConnections();
          // cut requests abort their upstream calls, then bill and record them: wait for that
          void handlersDone(DRAIN_GRACE_MS).then(resolve);
        };
        const timer = setTimeout(() => {
          log.warn('drain timed out; closing remaining connections', { inflight });
          done();
        }, timeoutMs);
        timer.unref();
        if (inflight === 0) done();
        else onIdle = done;
      });
    },
  };
}

/** How long handlers cut by a forced drain get to record what they used before the ledger closes. */
const DRAIN_GRACE_MS = 2_000;

const ANONYMOUS = Object.freeze({ keyId: null, project: null, session: null });

/** Authenticates the caller into `ctx`; on failure answers 401 in the dialect's shape and returns false. */
export async function authorize(gw: Gateway, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, dialect: Pick<Dialect, 'errorBody'>): Promise<boolean> {
  try {
    const caller = await authenticate(req, gw.config, gw.keys);
    ctx.principal = caller;
    ctx.keyId = caller.keyId;
    ctx.project = caller.project;
    ctx.session = caller.session;
    if (caller.allowed) ctx.allowed = caller.allowed;
    if (caller.jurisdictions) ctx.jurisdictions = caller.jurisdictions;
    return true;
  } catch (err) {
    sendError(res, dialect, err, ctx.requestId);
    return false;
  }
}

/** Auth, body reading, then the pipeline; exported so other dialects (the Anthropic door) reuse it. */
export async function chatRoute(gw: Gateway, dialect: Dialect, req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  if (!(await authorize(gw, req, res, ctx, dialect))) {
    req.resume();
    return;
  }
  let body: unknown;
  try {
    body = parseJson(await readBody(req, gw.config.server.bodyLimitBytes, gw.config.server.clientTimeoutMs));
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'SY_ERR_BODY_TOO_LARGE') res.setHeader('connection', 'close');
    sendError(res, dialect, err, ctx.requestId);
    return;
  }
  await handleChat(gw, dialect, body, req, res, ctx);
}

function methodNotAllowed(res: ServerResponse, dialect: Dialect, ctx: RequestContext, allowed: string): void {
  res.setHeader('allow', allowed);
  sendError(res, dialect, new GatewayError('SY_ERR_METHOD_NOT_ALLOWED', `use ${allowed}`, null), ctx.requestId);
}

/** A model id from a URL path (ids like `deepseek/deepseek-chat` keep their slash); null when malformed. */
function decodeModelId(raw: string): string | null {
  try {
    const id = decodeURIComponent(raw);
    return id === '' ? null : id;
  } catch {
    return null;
  }
}

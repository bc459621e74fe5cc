/**
 * The HTTP entry point: routing, body reading, recording and request validation. Everything after
 * validation is in `respond.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAnthropicRequest } from './anthropic-request.js';
import { badRequest, notFound, sendError, SERVER_ERROR, TOO_LARGE, type Protocol } from './errors.js';
import { anthropicModelList, openaiModelList } from './models.js';
import { parseOpenAIRequest } from './openai-request.js';
import { BadRequest, type EmuRequest } from './request.js';
import { respond } from './respond.js';
import { pathOf, ROUTES, type Route } from './routes.js';
import { sendJson } from './send.js';
import type { EmulatorState } from './state.js';
import { segmentTokens } from './tokens.js';
import { modelTraits } from './traits.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createHandler(state: EmulatorState): RequestHandler {
  const later = (fn: () => void): void => {
    const ms = state.options.latencyMs;
    if (ms > 0) state.timers.after(ms, fn);
    else fn();
  };

  return (req, res) => {
    const path = pathOf(req.url);
    const method = req.method ?? 'GET';
    const route = ROUTES.get(path);
    if (route === undefined || route.method !== method) {
      const protocol: Protocol = path.includes('/messages') ? 'anthropic' : 'openai';
      readBody(req, (raw) => {
        if (state.options.recordRequests) recordRaw(state, req, path, raw);
        later(() => !res.destroyed && sendError(res, protocol, notFound(method, path)));
      });
      return;
    }
    readBody(req, (raw, tooLarge) => {
      if (tooLarge) return sendError(res, route.protocol, TOO_LARGE);
      let body: unknown;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          if (state.options.recordRequests) recordRaw(state, req, path, raw);
          return later(() => !res.destroyed && sendError(res, route.protocol, badRequest('We could not parse the JSON body of your request.')));
        }
      }
      if (state.options.recordRequests) state.record({ method, path, url: req.url ?? path, headers: req.headers, body });
      later(() => {
        if (res.destroyed) return;
        try {
          dispatch(state, route, body, req, res);
        } catch (e) {
          if (e instanceof BadRequest) sendError(res, route.protocol, badRequest(e.message, e.param));
          else if (!res.headersSent) sendError(res, route.protocol, SERVER_ERROR);
          else res.destroy();
        }
      });
    });
  };
}

function dispatch(state: EmulatorState, route: Route, body: unknown, req: IncomingMessage, res: ServerResponse): void {
  switch (route.kind) {
    case 'models':
      return sendJson(res, 200, openaiModelList(route.preset.name));
    case 'anthropic_models':
      return sendJson(res, 200, anthropicModelList());
    case 'count_tokens': {
      const er = parseAnthropicRequest(body, true);
      return sendJson(res, 200, `{"input_tokens":${segmentTokens(er.segments, er.segments.length)}}`);
    }
    case 'chat':
    case 'messages': {
      const er: EmuRequest = route.protocol === 'openai' ? parseOpenAIRequest(body) : parseAnthropicRequest(body);
      return respond(state, route, er, modelTraits(er.model), req, res);
    }
  }
}

function recordRaw(state: EmulatorState, req: IncomingMessage, path: string, raw: string): void {
  state.record({ method: req.method ?? 'GET', path, url: req.url ?? path, headers: req.headers, body: raw === '' ? undefined : raw });
}

/** Collects the body as text. Most bodies arrive in one chunk, so that case skips Buffer.concat. */
function readBody(req: IncomingMessage, done: (raw: string, tooLarge: boolean) => void): void {
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return;
    if (first === undefined) first = chunk;
    else (rest ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return done('', true);
    const raw = rest ? Buffer.concat(rest).toString('utf8') : first ? first.toString('utf8') : '';
    done(raw, false);
  });
}

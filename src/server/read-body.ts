/** Reading request bodies (bounded in size and time) and parsing them as JSON. */
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors.js';

/**
 * Reads a request body with a size limit and a deadline: 413 as soon as the limit is crossed, 408 when
 * the body has not arrived within `timeoutMs` (a client trickling a body would hold its connection and
 * handler for ever). After a 408 the connection is closed: the rest of the body cannot be told apart
 * from a next request.
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume(); // drain so the 413 reaches the client
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const timer = setTimeout(() => {
      failed = true;
      reject(new GatewayError('SY_ERR_REQUEST_TIMEOUT', `the request body did not arrive within ${timeoutMs} ms (server.client_timeout_ms)`, null));
      // after the 408 is written (same turn), close instead of reading the rest as a next request
      setImmediate(() => req.socket?.end());
    }, timeoutMs);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        clearTimeout(timer);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      if (!failed) reject(new GatewayError('SY_ERR_INVALID_REQUEST', 'the request body could not be read', null, { cause: err }));
    });
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('SY_ERR_BODY_TOO_LARGE', `request body exceeds the limit of ${limit} bytes (server.body_limit)`, null);
}

/**
 * Deepest nesting accepted. JSON.parse takes thousands of levels but JSON.stringify (the upstream body,
 * the ledger) overflows the stack on them; no real request (tool schemas included) comes near 128.
 */
export const MAX_JSON_DEPTH = 128;

/** Parses JSON, turning a syntax error into a 400 that says where, and refusing absurd nesting. */
export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) throw new GatewayError('SY_ERR_INVALID_JSON', 'request body is empty; expected a JSON object', null);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new GatewayError('SY_ERR_INVALID_JSON', `request body is not valid JSON: ${(err as Error).message}`, null);
  }
  if (tooDeep(value, 0)) throw new GatewayError('SY_ERR_INVALID_JSON', `request body is nested more than ${MAX_JSON_DEPTH} levels deep`, null);
  return value;
}

/** Walks containers only (strings are not scanned); stops at the first branch past the limit. */
function tooDeep(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= MAX_JSON_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (tooDeep(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (tooDeep((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

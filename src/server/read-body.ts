/** Reads a request body with a size limit; rejects with 413 as soon as the limit is crossed. */
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors.js';

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume(); // drain so the 413 reaches the client
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) reject(new GatewayError('SY_ERR_INVALID_REQUEST', 'the request body could not be read', null, { cause: err }));
    });
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('SY_ERR_BODY_TOO_LARGE', `request body exceeds the limit of ${limit} bytes (server.body_limit)`, null);
}

/** Parses JSON, turning a syntax error into a 400 that says where. */
export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) throw new GatewayError('SY_ERR_INVALID_JSON', 'request body is empty; expected a JSON object', null);
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new GatewayError('SY_ERR_INVALID_JSON', `request body is not valid JSON: ${(err as Error).message}`, null);
  }
}

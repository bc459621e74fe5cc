/**
 * Reads a whole (non-streamed) upstream body with a size bound, so a misbehaving upstream cannot make
 * the gateway buffer without limit.
 */
import type { UpstreamBody } from './http-client.js';

export interface BodyText {
  text: string;
  /** performance.now() of the first chunk, if any arrived. */
  firstByteAt: number | undefined;
  /** More than `limit` bytes were sent; `text` holds the first `limit` at most. */
  overflow: boolean;
}

/**
 * Resolve with the body as UTF-8 text. Past `limit` bytes the body is destroyed (the socket is not worth
 * draining) and `overflow` is set. Rejects with the stream's own error (classify with `networkError`).
 * `idleMs`: give up after that long without data (for bodies whose request set no undici body timeout,
 * such as the error body of a stream request).
 */
export function readBody(body: UpstreamBody, limit: number, idleMs?: number): Promise<BodyText> {
  return new Promise<BodyText>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let firstByteAt: number | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    if (idleMs !== undefined && idleMs > 0 && Number.isFinite(idleMs)) {
      timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        body.on('error', () => {});
        body.destroy();
        // classified like undici's own body timeout: a stall (504), not a connection failure
        reject(Object.assign(new Error(`no data from upstream for ${idleMs} ms`), { code: 'UND_ERR_BODY_TIMEOUT' }));
      }, idleMs);
    }
    const finish = (overflow: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      resolve({ text: buf.toString('utf8'), firstByteAt, overflow });
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      firstByteAt ??= performance.now();
      timer?.refresh();
      const room = limit - size;
      if (chunk.length > room) {
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          size += room;
        }
        body.destroy();
        finish(true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    body.once('end', () => finish(false));
    body.once('error', (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    });
    // Destroyed without an error (should not happen with undici, but never hang).
    body.once('close', () => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(new Error('upstream body closed before its end'));
      }
    });
  });
}

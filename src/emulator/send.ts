/**
 * Writing replies: JSON bodies and SSE frame lists, with optional time-to-first-token and token pacing,
 * and the ways a faulty upstream ends a reply (clean end, socket destroyed, or silence).
 */
import type { ServerResponse } from 'node:http';
import type { Frame } from './frame.js';
import type { Timers } from './timers.js';

/** How the reply ends: normally, by destroying the socket mid-answer, or by going silent with the socket open. */
export type Ending = 'end' | 'destroy' | 'hang';

export interface Pacing {
  /** Delay after the headers, before the first frame. */
  ttftMs: number;
  /** 0 = no pacing. */
  tokensPerSecond: number;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

function finish(res: ServerResponse, chunk: string, ending: Ending): void {
  if (ending === 'end') res.end(chunk);
  else if (ending === 'destroy') res.write(chunk, () => res.destroy());
  else if (chunk !== '') res.write(chunk);
}

export function sendJson(res: ServerResponse, status: number, body: string, ending: Ending = 'end'): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  if (ending === 'end') res.end(body);
  // A truncated body under a full Content-Length: the client sees a premature close or a stall.
  else finish(res, body.slice(0, Math.floor(body.length / 2)), ending);
}

export function sendFrames(res: ServerResponse, frames: readonly Frame[], pacing: Pacing, ending: Ending, timers: Timers): void {
  if (pacing.ttftMs <= 0 && pacing.tokensPerSecond <= 0) {
    // Hot path: the whole stream in one write. A complete stream gets a Content-Length (one write
    // syscall instead of chunked framing); a faulty one stays chunked so the cut is a protocol error.
    let all = '';
    for (const f of frames) all += f.text;
    if (ending === 'end') res.writeHead(200, { ...SSE_HEADERS, 'content-length': Buffer.byteLength(all) });
    else res.writeHead(200, SSE_HEADERS);
    finish(res, all, ending);
    return;
  }
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  const msPerToken = pacing.tokensPerSecond > 0 ? 1000 / pacing.tokensPerSecond : 0;
  let i = 0;
  let tokensSent = 0;
  let start = 0;
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    timer = undefined;
    if (res.destroyed) return;
    const now = performance.now();
    let chunk = '';
    let due = now;
    while (i < frames.length) {
      due = start + tokensSent * msPerToken;
      if (due > now) break;
      const f = frames[i++] as Frame;
      chunk += f.text;
      tokensSent += f.tokens;
    }
    if (i >= frames.length) finish(res, chunk, ending);
    else {
      if (chunk !== '') res.write(chunk);
      timer = timers.after(Math.max(1, due - now), pump);
    }
  };
  res.once('close', () => timers.cancel(timer));
  const begin = (): void => {
    start = performance.now();
    pump();
  };
  if (pacing.ttftMs > 0) timer = timers.after(pacing.ttftMs, begin);
  else begin();
}

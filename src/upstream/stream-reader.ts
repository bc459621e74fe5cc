/**
 * Turns an SSE response body into an async iterator of canonical StreamParts.
 *
 * Hand-written instead of an async generator: body chunks are pushed through the SSE parser and the
 * adapter's decoder synchronously, parts go to a small array queue, and `next()` hands them out; a
 * promise is allocated only when the consumer is ahead of the upstream. The body is paused when the
 * consumer falls behind.
 *
 * Completion rules (a truncated answer must never pass as success):
 * - a `finish` part seen, then the body ends, errors or stalls: complete (a missing `[DONE]` is fine);
 * - an `end` part before any `finish`, or the body ending without `finish`: `stream_truncated`;
 * - no data within `firstByteMs` of the headers: `timeout` (first byte); then no data for `idleMs`:
 *   `timeout` ("stream stalled"). Our own timer, not undici's bodyTimeout, so the wait for the first
 *   event (a reasoning model thinking) follows first_byte_ms while later silences follow idle_ms; it is
 *   stopped while the body is paused, so a slow client is not a stall. The decoder throwing: `invalid_response`;
 * - an in-band `error` part: an UpstreamError of that kind.
 * Parts queued before a failure are still delivered, then the error is thrown once.
 */
import type { StreamPart } from '../spec/chat.js';
import type { SseEvent, StreamDecoder } from '../spec/provider.js';
import type { UpstreamResponse } from './http-client.js';
import { createSseParser, type SseParser } from './sse.js';
import { UpstreamError, UpstreamErrorCode, adapterError, stalledError, statusForKind, upstreamError } from './errors.js';
import { isRetryable } from './retry.js';
import type { CircuitBreaker } from './circuit-breaker.js';

/** Parts buffered before the body is paused. */
const HIGH_WATER = 64;
/** How long a finished stream's tail may take to end when idle_ms is off. */
const DRAIN_FALLBACK_MS = 30_000;

const OPEN = 0;
const COMPLETE = 1;
const FAILED = 2;
const RETURNED = 3;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

function noop(): void {}

export class StreamReader implements AsyncIterableIterator<StreamPart> {
  /** performance.now() of the first body chunk. */
  firstByteAt: number | undefined = undefined;
  private readonly queue: StreamPart[] = [];
  private head = 0;
  private state = OPEN;
  private sawFinish = false;
  private paused = false;
  private failure: UpstreamError | null = null;
  private resolveWait: ((r: IteratorResult<StreamPart>) => void) | null = null;
  private rejectWait: ((e: unknown) => void) | null = null;
  private breaker: CircuitBreaker | undefined = undefined;
  private breakerKey = '';
  private readonly parser: SseParser;
  /** First-data, then idle deadline; undefined while paused or once the stream is over. */
  private stallTimer: NodeJS.Timeout | undefined = undefined;

  constructor(
    private readonly res: UpstreamResponse,
    private readonly decoder: StreamDecoder,
  ) {
    this.parser = createSseParser(this.onEvent);
    const body = res.body;
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    body.on('close', this.onClose);
    this.armStallTimer();
  }

  /**
   * Wait until the first part is available (it stays queued) or the stream fails before producing one.
   * Until then nothing has reached the client, so a failure here may still be retried or fall back.
   */
  async first(): Promise<void> {
    const r = await this.next();
    if (r.done) {
      throw upstreamError('stream_truncated', 'upstream stream ended before any event', { where: this.res.where });
    }
    if (this.head > 0) this.queue[--this.head] = r.value;
    else this.queue.unshift(r.value);
  }

  /** From now on, failures are reported to `breaker` (before, the retry loop reports them). */
  reportTo(breaker: CircuitBreaker | undefined, key: string): void {
    this.breaker = breaker;
    this.breakerKey = key;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamPart>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++]!;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      }
      if (this.paused && this.queue.length - this.head < HIGH_WATER / 2) this.resume();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== null) {
      const err = this.failure;
      this.failure = null; // thrown once; later calls see the end
      return Promise.reject(err);
    }
    if (this.state !== OPEN) return Promise.resolve(DONE);
    if (this.paused) this.resume();
    return new Promise<IteratorResult<StreamPart>>((resolve, reject) => {
      this.resolveWait = resolve;
      this.rejectWait = reject;
    });
  }

  /** The consumer stopped early (client gone, `break`): free the upstream socket now. */
  return(): Promise<IteratorResult<StreamPart>> {
    if (this.state === OPEN) {
      this.state = RETURNED;
      this.stopStallTimer();
      this.res.body.destroy();
      this.res.release();
    }
    this.queue.length = 0;
    this.head = 0;
    this.failure = null;
    this.settleWait();
    return Promise.resolve(DONE);
  }

  throw(err?: unknown): Promise<IteratorResult<StreamPart>> {
    void err;
    return this.return();
  }

  private resume(): void {
    this.paused = false;
    if (this.state === OPEN) {
      this.res.body.resume();
      this.armStallTimer();
    }
  }

  /** (Re)start the deadline for the next data: first_byte_ms before any data, idle_ms after. */
  private armStallTimer(): void {
    if (this.stallTimer !== undefined) {
      this.stallTimer.refresh();
      return;
    }
    const ms = this.firstByteAt === undefined ? this.res.timeouts.firstByteMs : this.res.timeouts.idleMs;
    if (ms > 0 && Number.isFinite(ms)) this.stallTimer = setTimeout(onStall, ms, this);
  }

  private stopStallTimer(): void {
    if (this.stallTimer === undefined) return;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  /** The deadline passed with no data (called by the timer). */
  stalled(): void {
    this.stallTimer = undefined;
    if (this.state !== OPEN || this.sawFinish) {
      // The answer is whole and only its tail (usage, `[DONE]`, the end) is late: give up on the socket.
      if (this.state === OPEN) this.complete();
      this.stopStallTimer();
      const body = this.res.body;
      body.on('error', noop);
      body.destroy();
      return;
    }
    const t = this.res.timeouts;
    this.onError(
      this.firstByteAt === undefined
        ? upstreamError('timeout', `no stream data within ${t.firstByteMs} ms of the response headers`, { code: UpstreamErrorCode.FIRST_BYTE_TIMEOUT, where: this.res.where })
        : stalledError(this.res.where, t.idleMs),
    );
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.state !== OPEN) {
      if (this.stallTimer !== undefined) this.stallTimer.refresh(); // draining after completion
      return;
    }
    if (this.firstByteAt === undefined) {
      this.firstByteAt = performance.now();
      this.stopStallTimer(); // from now on the idle deadline applies
    }
    this.armStallTimer();
    try {
      this.parser.push(chunk);
    } catch (err) {
      this.failInvalid(err);
      return;
    }
    if (this.state === OPEN && !this.paused && this.queue.length - this.head >= HIGH_WATER) {
      this.paused = true;
      this.res.body.pause();
      this.stopStallTimer();
    }
  };

  private readonly onEvent = (e: SseEvent): void => {
    if (this.state === OPEN) this.decoder.push(e, this.emit);
  };

  private readonly emit = (part: StreamPart): void => {
    if (this.state !== OPEN) return;
    switch (part.type) {
      case 'error':
        this.fail(
          new UpstreamError(
            { kind: part.kind, status: statusForKind(part.kind), message: part.message },
            { where: this.res.where },
          ),
        );
        return;
      case 'finish':
        this.sawFinish = true;
        break;
      case 'end':
        if (!this.sawFinish) {
          this.fail(upstreamError('stream_truncated', 'upstream ended the stream without a finish reason', { where: this.res.where }));
          return;
        }
        this.deliver(part);
        this.complete();
        return;
    }
    this.deliver(part);
  };

  private readonly onEnd = (): void => {
    if (this.state !== OPEN) {
      this.stopStallTimer();
      return;
    }
    try {
      this.parser.end();
    } catch (err) {
      this.failInvalid(err);
      return;
    }
    if (this.state !== OPEN) return;
    if (this.sawFinish) this.complete();
    else this.fail(upstreamError('stream_truncated', 'upstream closed the stream before it finished', { where: this.res.where }));
  };

  private readonly onError = (err: Error): void => {
    if (this.state !== OPEN) return;
    if (this.sawFinish) {
      this.complete(); // the answer is whole; only trailing usage or `[DONE]` was lost
      return;
    }
    // total timeout, caller abort or our stall timer (streams set no undici body timeout)
    if (err instanceof UpstreamError) this.fail(err);
    else this.fail(upstreamError('stream_truncated', 'upstream stream was interrupted', { where: this.res.where, cause: err }));
  };

  private readonly onClose = (): void => {
    if (this.state === OPEN) this.onError(new Error('upstream body closed unexpectedly'));
    else this.stopStallTimer();
  };

  private deliver(part: StreamPart): void {
    const resolve = this.resolveWait;
    if (resolve !== null) {
      this.resolveWait = null;
      this.rejectWait = null;
      resolve({ value: part, done: false });
    } else {
      this.queue.push(part);
    }
  }

  private complete(): void {
    this.state = COMPLETE;
    this.stopStallTimer();
    this.res.release();
    // Let the rest (after `[DONE]`) drain so the socket returns to the pool; data is ignored now. The
    // idle deadline still applies, so an upstream that never ends its response does not hold the socket.
    const body = this.res.body;
    if (this.paused) {
      this.paused = false;
      body.resume();
    }
    if (!body.readableEnded && !body.destroyed) {
      const idle = this.res.timeouts.idleMs;
      this.stallTimer = setTimeout(onStall, idle > 0 && Number.isFinite(idle) ? idle : DRAIN_FALLBACK_MS, this);
    }
    this.settleWait();
  }

  private failInvalid(err: unknown): void {
    this.fail(adapterError(err, this.res.where, 'upstream sent a malformed stream event'));
  }

  private fail(err: UpstreamError): void {
    if (this.state !== OPEN) return;
    this.state = FAILED;
    this.stopStallTimer();
    this.failure = err;
    const body = this.res.body;
    body.on('error', noop);
    body.destroy();
    this.res.release();
    if (this.breaker !== undefined && isRetryable(err.info.kind) && !this.res.callerAborted) {
      if (err.info.kind === 'rate_limit') this.breaker.onNeutral(this.breakerKey);
      else this.breaker.onFailure(this.breakerKey);
    }
    if (this.rejectWait !== null) {
      const reject = this.rejectWait;
      this.resolveWait = null;
      this.rejectWait = null;
      this.failure = null;
      reject(err);
    }
  }

  /** Wake a waiting consumer with "done" (only reached with an empty queue). */
  private settleWait(): void {
    const resolve = this.resolveWait;
    if (resolve !== null) {
      this.resolveWait = null;
      this.rejectWait = null;
      resolve(DONE);
    }
  }
}

function onStall(reader: StreamReader): void {
  reader.stalled();
}

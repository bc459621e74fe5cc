/**
 * A write-behind queue: items are pushed on the request path (an array push, nothing more) and written in
 * batches on a short timer, or as soon as a full batch is waiting. Between batches the flush yields to the
 * event loop, so one flush of a large backlog never blocks the gateway for more than one batch.
 *
 * A failed batch stays at the head of the queue and is retried on the next tick of the timer, so a
 * transient storage error (a locked or full disk) delays records instead of losing them. The queue is
 * capped: beyond `maxQueue` the oldest records are dropped and reported, rather than exhausting memory.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export interface BatcherOptions<T> {
  /** Writes one batch atomically; throws to have the whole batch retried later. */
  write(batch: T[]): void | Promise<void>;
  intervalMs: number;
  maxBatch: number;
  maxQueue: number;
  /** A timer-driven flush failed (explicit flushes reject instead). */
  onError(error: unknown, queued: number): void;
  onDrop(count: number): void;
}

export class Batcher<T> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private flushing = false;
  /** Items at the head of the queue being written right now (only ever > 0 during an async write). */
  private inFlight = 0;
  private stopped = false;
  /** Items ever pushed, and items written or dropped: a waiter resolves once `done` reaches its number. */
  private pushed = 0;
  private done = 0;
  private waiters: { upTo: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly options: BatcherOptions<T>) {}

  get size(): number {
    return this.queue.length;
  }

  push(item: T): void {
    this.queue.push(item);
    this.pushed++;
    if (this.queue.length > this.options.maxQueue) {
      const excess = this.queue.length - this.options.maxQueue;
      this.queue.splice(this.inFlight, excess);
      this.done += excess;
      this.options.onDrop(excess);
    }
    if (this.queue.length >= this.options.maxBatch && !this.flushing) this.arm(0);
    else this.arm(this.options.intervalMs);
  }

  /**
   * Pushes and resolves once the item is written (group commit): everything pushed in the same event-loop
   * turn is written in one batch on the next turn, so durability costs one batch write, not a timer wait.
   */
  pushDurable(item: T): Promise<void> {
    this.push(item);
    const upTo = this.pushed;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        this.flush().catch((error: unknown) => this.options.onError(error, this.queue.length));
      });
    });
  }

  private settleWaiters(error?: unknown): void {
    if (this.waiters.length === 0) return;
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.upTo <= this.done) w.resolve();
      else if (error !== undefined) w.reject(error);
      else keep.push(w);
    }
    this.waiters = keep;
  }

  /** Writes everything queued, including items pushed while it runs. Rejects on a write error. */
  flush(): Promise<void> {
    this.disarm();
    this.chain = this.chain
      .catch(() => undefined)
      .then(() => this.drain())
      .catch((error: unknown) => {
        this.settleWaiters(error);
        if (this.queue.length > 0 && !this.stopped) this.arm(this.options.intervalMs); // retry later
        throw error;
      });
    return this.chain;
  }

  /**
   * Writes everything queued without yielding, for a synchronous writer at process exit (when no promise
   * can settle any more). Returns the number of items left unwritten after an error.
   */
  drainSync(): number {
    this.disarm();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, this.options.maxBatch);
        const done = this.options.write(batch);
        if (done instanceof Promise) throw new Error('drainSync needs a synchronous writer');
        this.queue.splice(0, batch.length);
        this.done += batch.length;
        this.settleWaiters();
      }
    } catch (error) {
      this.options.onError(error, this.queue.length);
    }
    return this.queue.length;
  }

  /** Stops the timer for good, without writing (after a final flush). */
  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        // The batch stays in the queue until written: a failure leaves it at the head for the next try,
        // and a synchronous exit-time drain never misses a batch that is "in flight".
        const batch = this.queue.slice(0, this.options.maxBatch);
        this.inFlight = batch.length;
        try {
          await this.options.write(batch);
        } finally {
          this.inFlight = 0;
        }
        this.queue.splice(0, batch.length);
        this.done += batch.length;
        this.settleWaiters();
        if (this.queue.length > 0) await yieldToEventLoop();
      }
    } finally {
      this.flushing = false;
    }
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) {
      if (delayMs > 0) return; // already scheduled; a full batch (delay 0) reschedules sooner
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => this.options.onError(error, this.queue.length));
    }, delayMs);
    // The process may exit with records queued: the store's exit hook writes them synchronously.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

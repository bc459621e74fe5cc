import { describe, expect, it, vi } from 'vitest';
import { Batcher, type BatcherOptions } from './batcher.js';

function batcher(overrides: Partial<BatcherOptions<number>> = {}): { b: Batcher<number>; written: number[][]; errors: unknown[]; dropped: number[] } {
  const written: number[][] = [];
  const errors: unknown[] = [];
  const dropped: number[] = [];
  const b = new Batcher<number>({
    write: (batch) => void written.push([...batch]),
    intervalMs: 60_000,
    maxBatch: 3,
    maxQueue: 100,
    onError: (e) => void errors.push(e),
    onDrop: (n) => void dropped.push(n),
    ...overrides,
  });
  return { b, written, errors, dropped };
}

describe('Batcher', () => {
  it('writes in order, in batches of at most maxBatch', async () => {
    const { b, written } = batcher();
    for (let i = 1; i <= 7; i++) b.push(i);
    await b.flush();
    expect(written).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(b.size).toBe(0);
    b.stop();
  });

  it('flushes on its timer', async () => {
    const { b, written } = batcher({ intervalMs: 10, maxBatch: 100 });
    b.push(1);
    b.push(2);
    expect(written).toEqual([]);
    await vi.waitFor(() => expect(written).toEqual([[1, 2]]), { timeout: 1000, interval: 5 });
    b.stop();
  });

  it('keeps a failed batch at the head of the queue and retries it before newer items', async () => {
    let fail = true;
    const { b, written, errors } = batcher({
      intervalMs: 10,
      write: (batch) => {
        if (fail) throw new Error('disk full');
        written.push([...batch]);
      },
    });
    b.push(1);
    b.push(2);
    await expect(b.flush()).rejects.toThrow('disk full');
    expect(b.size).toBe(2);
    fail = false;
    b.push(3);
    b.push(4);
    await vi.waitFor(() => expect(written.flat()).toEqual([1, 2, 3, 4]), { timeout: 1000, interval: 5 });
    expect(errors).toEqual([]); // the explicit flush rejected; nothing failed on the timer
    b.stop();
  });

  it('drops the oldest items beyond maxQueue, never one being written', async () => {
    const written: number[][] = [];
    const dropped: number[] = [];
    const started: (() => void)[] = [];
    const b = new Batcher<number>({
      write: (batch) =>
        new Promise<void>((resolve) => {
          started.push(() => {
            written.push([...batch]);
            resolve();
          });
        }),
      intervalMs: 60_000,
      maxBatch: 2,
      maxQueue: 4,
      onError: () => undefined,
      onDrop: (n) => void dropped.push(n),
    });
    for (let i = 1; i <= 4; i++) b.push(i);
    const flushed = b.flush();
    await vi.waitFor(() => expect(started).toHaveLength(1)); // the write of [1, 2] is in flight
    b.push(5); // [1, 2, 3, 4, 5] exceeds 4: drops 3, the oldest item not being written
    expect(dropped).toEqual([1]);
    started[0]?.();
    await vi.waitFor(() => expect(started).toHaveLength(2));
    started[1]?.();
    await flushed;
    expect(written).toEqual([[1, 2], [4, 5]]);
    b.stop();
  });

  it('drains synchronously for a synchronous writer (process exit)', () => {
    const { b, written } = batcher();
    for (let i = 1; i <= 5; i++) b.push(i);
    expect(b.drainSync()).toBe(0);
    expect(written).toEqual([[1, 2, 3], [4, 5]]);
    b.stop();
  });

  it('serialises concurrent flushes', async () => {
    const { b, written } = batcher();
    for (let i = 1; i <= 5; i++) b.push(i);
    const first = b.flush();
    b.push(6);
    await Promise.all([first, b.flush()]);
    expect(written.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    b.stop();
  });
});

/** Runs a store's sweep on a timer that never keeps the process alive; failures are logged, not thrown. */
import { log } from '../util/log.js';

export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

/** Returns a stop function. An interval of 0 disables the timer. */
export function startSweeper(sweep: () => Promise<unknown>, intervalMs: number, kind: string): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow sweep must not pile up behind itself
    running = true;
    sweep()
      .catch((error: unknown) => log.warn('budget sweep failed', { store: kind, error }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The mutable state of one emulator instance, shared by its request handlers. */
import { PrefixCache } from './cache.js';
import { Timers } from './timers.js';
import type { RecordedRequest } from './types.js';

export interface ResolvedOptions {
  latencyMs: number;
  ttftMs: number;
  tokensPerSecond: number;
  recordRequests: boolean;
}

export const MAX_RECORDS = 1000;

export class EmulatorState {
  readonly cache = new PrefixCache();
  /** Model names that already got their one 500 (`fault-500-once`). */
  readonly failedOnce = new Set<string>();
  readonly timers = new Timers();
  readonly records: RecordedRequest[] = [];
  private seq = 0;

  constructor(readonly options: ResolvedOptions) {}

  nextId(): string {
    this.seq++;
    return this.seq.toString(36).padStart(8, '0');
  }

  record(r: RecordedRequest): void {
    if (this.records.length >= MAX_RECORDS) this.records.shift();
    this.records.push(r);
  }

  reset(): void {
    this.failedOnce.clear();
    this.cache.clear();
    this.records.length = 0;
  }
}

/**
 * The in-memory store: one process, state lost on exit. Atomic because every step is synchronous
 * JavaScript, which no other caller can interleave.
 */
import { LocalBudgetStore, type LocalStoreOptions } from './local-store.js';
import { MemoryState } from './memory-state.js';
import type { BudgetStore } from './types.js';

export function createMemoryBudgetStore(options: LocalStoreOptions = {}): BudgetStore {
  const state = new MemoryState();
  return new LocalBudgetStore('memory', (step) => step(state), () => {}, options);
}

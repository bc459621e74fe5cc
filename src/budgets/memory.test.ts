import { describeBudgetStore } from './store-contract.testkit.js';
import { createMemoryBudgetStore } from './memory.js';

describeBudgetStore({
  name: 'memory',
  async fresh() {
    // One process, one state: every "connection" is the same store.
    const store = createMemoryBudgetStore({ sweepIntervalMs: 0 });
    return { open: async () => store, cleanup: async () => {} };
  },
});

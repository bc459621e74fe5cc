/**
 * Child process for the cross-process test: opens the store the parent uses and runs the same workload,
 * then prints its result as one JSON line. Run with `node --import tsx worker.testkit.ts '<json>'`.
 */
import { openBudgetStore } from './open.js';
import type { BudgetLimit } from './types.js';
import { runWorkload } from './workload.testkit.js';

interface WorkerInput {
  url: string;
  prefix?: string;
  limits: BudgetLimit[];
  tag: string;
  tasks: number;
  seed: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as WorkerInput;
const store = await openBudgetStore(input.url, { prefix: input.prefix, sweepIntervalMs: 0 });
try {
  const result = await runWorkload([store], input.limits, { tag: input.tag, tasks: input.tasks, seed: input.seed });
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await store.close();
}

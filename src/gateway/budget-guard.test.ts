import { describe, expect, it } from 'vitest';
import { openBudgetStore } from '../budgets/open.js';
import { loadCatalog } from '../catalog/load.js';
import { parseConfig } from '../config/load.js';
import { ModelRegistry } from '../routing/registry.js';
import { BudgetGuard } from './budget-guard.js';

describe('settling a request that also paid for calls cut by total_ms', () => {
  it('charges their tokens to the key, not to the served model\'s rate limit', async () => {
    const config = parseConfig(`providers:\n  deepseek: { preset: deepseek, api_key: sk-test }\nrate_limits:\n  models: { deepseek-chat: { tpm: 25 }, deepseek-reasoner: { tpm: 100 } }\n`, {}, 'test');
    const registry = new ModelRegistry((await loadCatalog()).models, config);
    const chat = registry.get('deepseek-chat')!;
    const reasoner = registry.get('deepseek-reasoner')!;
    const guard = new BudgetGuard(await openBudgetStore('memory'), config);
    const principal = { keyId: 'k', project: null, session: null, keyRateLimits: { tpm: 30 } };
    const request = { model: 'r', messages: [{ role: 'user' as const, content: 'hi' }] };
    try {
      const a = await guard.admit(request, [reasoner, chat], principal, 8);
      expect(await guard.takeModel(a, reasoner)).toBeNull(); // cut by total_ms: keeps its estimate of 8
      expect(await guard.takeModel(a, chat)).toBeNull();
      // the answer used 10 + 2 tokens; the cut call's 8 are billed beside it
      await guard.settle(a, 1, { input: 10, cacheRead: 0, cacheWrite: 0, output: 2, reasoning: 0 }, 'deepseek-chat', 8);
      // deepseek-chat has used 12 of its 25 a minute: another 8 fit (20 would not have, had the 8 been charged to it)
      const b = await guard.admit(request, [chat], principal, 8);
      expect(await guard.takeModel(b, chat)).toBeNull();
      // the key did pay for all 20: with 8 more it is at 28 of its 30, so the next 8 are refused
      await expect(guard.admit(request, [chat], principal, 8)).rejects.toThrow(/tpm/);
    } finally {
      await guard.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { freezeKey } from './record.js';
import type { VirtualKey } from './types.js';

describe('freezeKey', () => {
  it('freezes a key at every depth: it is shared by every request made with it', () => {
    const key: VirtualKey = {
      id: 'vk_1', project: 'p', prefix: 'sy-abcdef', created_at: 1, budgets: [{ unit: 'usd', window: 'day', limit: 1 }],
      allowed_models: ['deepseek-*'], jurisdictions: { allow: ['EU'], deny: ['CN'] }, metadata: { team: 'a' },
    };
    const frozen = freezeKey(key);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.budgets[0])).toBe(true);
    expect(Object.isFrozen(frozen.allowed_models)).toBe(true);
    expect(Object.isFrozen(frozen.jurisdictions)).toBe(true);
    expect(Object.isFrozen(frozen.jurisdictions!.deny)).toBe(true);
    expect(() => (frozen.jurisdictions!.deny as string[]).push('RU')).toThrow(TypeError);
  });
});

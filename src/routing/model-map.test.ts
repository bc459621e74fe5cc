import { describe, expect, it } from 'vitest';
import { compileModelMap } from './model-map.js';

describe('model_map', () => {
  it('maps exact names and globs, first match in file order wins', () => {
    const map = compileModelMap([
      { pattern: 'claude-*-haiku-*', target: 'cheap' },
      { pattern: 'claude-3-5-haiku-latest', target: 'never' },
      { pattern: 'claude-sonnet-4-5', target: 'deepseek-chat' },
      { pattern: 'claude-*', target: 'premium' },
    ]);
    expect(map.apply('claude-3-5-haiku-latest')).toBe('cheap');
    expect(map.apply('claude-sonnet-4-5')).toBe('deepseek-chat');
    expect(map.apply('claude-opus-4-1')).toBe('premium');
    expect(map.apply('gpt-5')).toBe('gpt-5');
  });

  it('treats regex characters in patterns literally', () => {
    const map = compileModelMap([{ pattern: 'a.b*', target: 'x' }]);
    expect(map.apply('a.bc')).toBe('x');
    expect(map.apply('axbc')).toBe('axbc');
  });
});

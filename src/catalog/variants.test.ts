import { describe, expect, it } from 'vitest';
import { pickOnePerFamily, variantOf } from './variants.js';

describe('variantOf', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', 'dated'],
    ['gpt-4o-2024-08-06', 'gpt-4o', 'dated'],
    ['mistral-large-2411', 'mistral-large', 'dated'],
    ['mistral-large-latest', 'mistral-large', 'latest'],
    ['gemini-2.5-flash-preview-09-2025', 'gemini-2.5-flash', 'preview'],
    ['gemini-3.1-pro-preview', 'gemini-3.1-pro', 'preview'],
    ['gpt-4o', 'gpt-4o', 'bare'],
    ['moonshot-v1-128k', 'moonshot-v1-128k', 'bare'],
    ['llama-3.1-8b-instant', 'llama-3.1-8b-instant', 'bare'],
  ])('%s is family %s (%s)', (name, family, kind) => {
    expect(variantOf(name)).toMatchObject({ family, kind });
  });

  it('orders MM-YYYY dates by year first', () => {
    expect(variantOf('x-preview-12-2025').date > variantOf('x-preview-09-2026').date).toBe(false);
  });
});

describe('pickOnePerFamily', () => {
  const pick = (names: string[]) => pickOnePerFamily(names, () => 'p', (n) => n).kept;

  it('prefers the bare name over -latest, dated snapshots and previews', () => {
    expect(pick(['gpt-4o-2024-05-13', 'gpt-4o', 'gpt-4o-2024-11-20'])).toEqual(['gpt-4o']);
    expect(pick(['qwen-turbo-latest', 'qwen-turbo'])).toEqual(['qwen-turbo']);
  });

  it('prefers -latest when there is no bare name, then the newest snapshot', () => {
    expect(pick(['mistral-large-2411', 'mistral-large-latest'])).toEqual(['mistral-large-latest']);
    expect(pick(['codestral-2405', 'codestral-2508'])).toEqual(['codestral-2508']);
  });

  it('keeps different families and separates groups', () => {
    expect(pick(['gpt-4o', 'gpt-4o-mini'])).toEqual(['gpt-4o', 'gpt-4o-mini']);
    const kept = pickOnePerFamily(['a:m', 'b:m-20250101'], (s) => s.split(':')[0] ?? '', (s) => s.split(':')[1] ?? '').kept;
    expect(kept).toEqual(['a:m', 'b:m-20250101']);
  });

  it('names the winner of each dropped entry', () => {
    const { dropped } = pickOnePerFamily(['o3-2025-04-16', 'o3'], () => 'p', (n) => n);
    expect(dropped).toEqual([{ item: 'o3-2025-04-16', keptName: 'o3' }]);
  });
});

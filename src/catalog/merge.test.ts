import { describe, expect, it } from 'vitest';
import { mergeCatalog } from './merge.js';
import { model } from './__fixtures__/helpers.js';

const base = {
  as_of: '2026-07-24',
  source: 'litellm',
  models: [model({ id: 'a' }), model({ id: 'b' }), model({ id: 'c' })],
};

describe('mergeCatalog', () => {
  it('adds new ids, replaces existing ones and never removes', () => {
    const r = mergeCatalog(
      base,
      [model({ id: 'b', price: { input: 9, output: 9 }, as_of: '2026-11-28' }), model({ id: 'c', as_of: '2026-11-28', source: 'openrouter:c' }), model({ id: 'd' })],
      { as_of: '2026-11-28', source: 'openrouter:models.json' },
    );
    expect(r.added).toEqual(['d']);
    expect(r.updated).toEqual(['b']);
    expect(r.unchanged).toEqual(['c']);
    expect(r.file.models.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.file.models.find((m) => m.id === 'c')?.source).toBe('openrouter:c'); // provenance refreshed
    expect(r.file.as_of).toBe('2026-11-28');
    expect(r.file.source).toBe('litellm; openrouter:models.json');
  });

  it('keeps the newer as_of and does not repeat a source', () => {
    const r = mergeCatalog(base, [], { as_of: '2026-01-01', source: 'litellm' });
    expect(r.file.as_of).toBe('2026-07-24');
    expect(r.file.source).toBe('litellm');
  });
});

import { describe, expect, it } from 'vitest';
import { CatalogError } from './errors.js';
import { validateCatalogFile } from './schema.js';
import { model } from './__fixtures__/helpers.js';

describe('validateCatalogFile', () => {
  it('accepts a valid file', () => {
    const file = { as_of: '2026-07-24', source: 'test', models: [model({ id: 'a' })] };
    expect(validateCatalogFile(file)).toEqual(file);
  });

  it('reports every problem, each named by its path', () => {
    const bad = {
      as_of: '24/07/2026',
      source: 'test',
      models: [
        model({ id: 'a' }),
        { ...model({ id: 'b' }), price: { input: -1, output: 2 }, context_window: 1.5 },
        { ...model({ id: 'a' }), capabilities: { tools: true, vision: false, json: true } },
        { ...model({ id: 'c' }), cache_reed: 1 },
      ],
    };
    let error: unknown;
    try {
      validateCatalogFile(bad, 'data/catalog.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const errors = (error as CatalogError).errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        'as_of: must be a date YYYY-MM-DD',
        'models[1].price.input: must be a price >= 0 (USD per 1M tokens)',
        'models[1].context_window: must be an integer',
        expect.stringMatching(/^models\[2\]\.capabilities\.reasoning: /) as unknown as string,
        expect.stringMatching(/^models\[3\]: .*cache_reed/) as unknown as string,
      ]),
    );
    expect((error as CatalogError).message).toMatch(/^invalid catalog \(data\/catalog\.json\):/);
  });

  it('rejects duplicate ids, pointing at the first one', () => {
    const file = { as_of: '2026-07-24', source: 'test', models: [model({ id: 'a' }), model({ id: 'a', provider: 'x' })] };
    expect(() => validateCatalogFile(file)).toThrow('models[1].id: duplicate id "a" (first at models[0])');
  });
});

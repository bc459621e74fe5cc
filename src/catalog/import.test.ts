import { describe, expect, it } from 'vitest';
import { CatalogError } from './errors.js';
import { dateFromFileName, detectFormat, importPriceData } from './import.js';
import { fixture } from './__fixtures__/helpers.js';

describe('price file detection', () => {
  it('tells LiteLLM and OpenRouter files apart', () => {
    expect(detectFormat(fixture('litellm-sample.json'))).toBe('litellm');
    expect(detectFormat(fixture('openrouter-models.json'))).toBe('openrouter');
    expect(detectFormat({ as_of: '2026-07-24', models: [] })).toBeUndefined();
    expect(detectFormat('text')).toBeUndefined();
  });

  it('dispatches to the matching importer', () => {
    expect(importPriceData(fixture('openrouter-models.json'), { asOf: '2026-11-28' }).format).toBe('openrouter');
    expect(importPriceData(fixture('litellm-sample.json'), { asOf: '2026-07-24' }).format).toBe('litellm');
  });

  it('names the file when the format is unknown', () => {
    expect(() => importPriceData({}, { asOf: '2026-07-24' }, 'x.json')).toThrow(CatalogError);
    expect(() => importPriceData({}, { asOf: '2026-07-24' }, 'x.json')).toThrow(/^x\.json: unrecognised price file/);
  });

  it('takes the data date from the file name', () => {
    expect(dateFromFileName('/a/2025-01-01/litellm_model_prices_2026-07-24.json')).toBe('2026-07-24');
    expect(dateFromFileName('models.json')).toBeUndefined();
  });
});

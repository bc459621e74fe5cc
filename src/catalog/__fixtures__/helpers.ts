/** Shared test inputs for src/catalog tests. Lives in __fixtures__ so the build (tsconfig.build.json) leaves it out. */
import { readFileSync } from 'node:fs';
import type { CatalogModel } from '../types.js';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as unknown;
}

/** A catalog model with defaults for the fields a test does not care about. */
export function model(partial: Partial<CatalogModel> & Pick<CatalogModel, 'id'>): CatalogModel {
  return {
    provider: 'openai',
    upstream: partial.id,
    price: { input: 1, output: 2 },
    capabilities: { tools: true, vision: false, json: true, reasoning: false },
    jurisdiction: 'US',
    as_of: '2026-07-24',
    source: 'test',
    ...partial,
  };
}

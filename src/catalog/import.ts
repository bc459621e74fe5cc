/** One entry point for price files: detects LiteLLM or OpenRouter format and converts. */
import { readFile } from 'node:fs/promises';
import { CatalogError } from './errors.js';
import { importLitellm, isLitellmFile } from './import-litellm.js';
import { importOpenRouter, isOpenRouterModels } from './import-openrouter.js';
import type { ImportOptions, ImportResult, PriceFileFormat } from './import-types.js';

export type { ImportOptions, ImportResult, PriceFileFormat, SkippedEntry } from './import-types.js';

/** The format of a parsed price file, or undefined when it is neither. */
export function detectFormat(raw: unknown): PriceFileFormat | undefined {
  if (isOpenRouterModels(raw)) return 'openrouter';
  if (isLitellmFile(raw)) return 'litellm';
  return undefined;
}

export function importPriceData(raw: unknown, options: ImportOptions & { format?: PriceFileFormat }, origin = 'input'): ImportResult {
  const format = options.format ?? detectFormat(raw);
  if (!format) {
    throw new CatalogError(
      ['unrecognised price file: expected LiteLLM model_prices_and_context_window.json or an OpenRouter /api/v1/models response'],
      origin,
    );
  }
  return format === 'openrouter' ? importOpenRouter(raw, options) : importLitellm(raw, options);
}

/** A `YYYY-MM-DD` in the file name (e.g. `litellm_model_prices_2026-07-24.json`), the data's date. */
export function dateFromFileName(path: string): string | undefined {
  const m = /(\d{4}-\d{2}-\d{2})[^/\\]*$/.exec(path);
  return m?.[1];
}

/** Reads and parses a price file; errors name the file. */
export async function readPriceFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CatalogError([`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`], path, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CatalogError([`not valid JSON: ${(err as Error).message}`], path, { cause: err });
  }
}

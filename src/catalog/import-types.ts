/** Shared shapes of the price-file importers (LiteLLM, OpenRouter). */
import type { CatalogModel } from './types.js';

export type PriceFileFormat = 'litellm' | 'openrouter';

export interface ImportOptions {
  /** Date of the price data, `YYYY-MM-DD`, stamped on every model. */
  asOf: string;
  /** Keep only these Switchyard providers (all supported ones when absent). */
  providers?: readonly string[];
}

/** An entry the importer left out, and why (shown by the build script and `catalog import`). */
export interface SkippedEntry {
  key: string;
  reason: string;
}

export interface ImportResult {
  format: PriceFileFormat;
  /** Sorted by provider then id. */
  models: CatalogModel[];
  /** Entries of supported providers that were left out. Entries of other providers are not listed. */
  skipped: SkippedEntry[];
}

/**
 * Builds the shipped catalog from a LiteLLM price snapshot. Kept apart from scripts/build-catalog.ts
 * (which only does I/O) so tests can check the build without touching data/.
 */
import type { SkippedEntry } from './import-types.js';
import { importLitellm } from './import-litellm.js';
import { normalizeCatalogFile } from './normalize.js';
import type { CatalogFile } from './types.js';

export interface BuildOptions {
  asOf: string;
  /** File-level provenance, e.g. the snapshot's name and mirror commit. */
  source: string;
}

export function buildCatalog(litellm: unknown, options: BuildOptions): { file: CatalogFile; skipped: SkippedEntry[] } {
  const { models, skipped } = importLitellm(litellm, { asOf: options.asOf });
  return { file: normalizeCatalogFile({ as_of: options.asOf, source: options.source, models }), skipped };
}

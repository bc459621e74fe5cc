/** Public surface of the catalog module. */
export type { CatalogCapabilities, CatalogFile, CatalogModel, CatalogPrice } from './types.js';
export { Catalog, type ListFilter } from './catalog.js';
export { CatalogError } from './errors.js';
export { DEFAULT_CATALOG_PATH, loadCatalog, loadCatalogSync, readCatalogFile, readCatalogFileSync } from './load.js';
export { validateCatalogFile } from './schema.js';
export { applyConfigModels, ASSUMED_CAPABILITIES, type ConfigMergeOptions } from './config-merge.js';
export { mergeCatalog, type MergeResult } from './merge.js';
export { dateFromFileName, detectFormat, importPriceData, readPriceFile } from './import.js';
export type { ImportOptions, ImportResult, PriceFileFormat, SkippedEntry } from './import-types.js';
export { importLitellm } from './import-litellm.js';
export { importOpenRouter } from './import-openrouter.js';
export { jurisdictionOf, PROVIDER_JURISDICTION } from './jurisdictions.js';
export { perTokenToPerMillion, roundPrice } from './units.js';
export { serializeCatalogFile } from './normalize.js';

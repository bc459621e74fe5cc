/**
 * Reads data/catalog.json. The path is resolved from this module's URL, so it is found the same way
 * from src/ (tsx, vitest) and dist/ (the published package ships `data/` next to `dist/`).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Catalog } from './catalog.js';
import { CatalogError } from './errors.js';
import { validateCatalogFile } from './schema.js';
import type { CatalogFile } from './types.js';

/** `<package root>/data/catalog.json`: this file is `<root>/src/catalog/load.ts` or `<root>/dist/catalog/load.js`. */
export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('../../data/catalog.json', import.meta.url));

function parse(text: string, path: string): CatalogFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CatalogError([`not valid JSON: ${(err as Error).message}`], path, { cause: err });
  }
  return validateCatalogFile(raw, path);
}

function readError(err: unknown, path: string): CatalogError {
  return new CatalogError([`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`], path, { cause: err });
}

export async function readCatalogFile(path: string = DEFAULT_CATALOG_PATH): Promise<CatalogFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw readError(err, path);
  }
  return parse(text, path);
}

/** Synchronous read, for start-up code that is synchronous anyway (config loading). */
export function readCatalogFileSync(path: string = DEFAULT_CATALOG_PATH): CatalogFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw readError(err, path);
  }
  return parse(text, path);
}

export async function loadCatalog(path?: string): Promise<Catalog> {
  return new Catalog(await readCatalogFile(path));
}

export function loadCatalogSync(path?: string): Catalog {
  return new Catalog(readCatalogFileSync(path));
}

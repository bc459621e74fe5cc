import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from './errors.js';
import { DEFAULT_CATALOG_PATH, loadCatalog, loadCatalogSync, readCatalogFileSync } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-catalog-'));

describe('loading the catalog', () => {
  it('finds data/catalog.json from the package root', () => {
    expect(DEFAULT_CATALOG_PATH.replaceAll('\\', '/')).toMatch(/\/data\/catalog\.json$/);
    expect(DEFAULT_CATALOG_PATH).not.toMatch(/[/\\]src[/\\]/);
  });

  it('loads it synchronously and asynchronously to the same catalog', async () => {
    const sync = loadCatalogSync();
    const async = await loadCatalog();
    expect(sync.size).toBeGreaterThan(100);
    expect(async.list()).toEqual(sync.list());
    expect(sync.asOf).toBe('2026-07-24');
  });

  it('names the file when it is missing', () => {
    expect(() => readCatalogFileSync(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read: ENOENT/);
  });

  it('names the file when it is not JSON', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ nope');
    await expect(loadCatalog(path)).rejects.toThrow(CatalogError);
    await expect(loadCatalog(path)).rejects.toThrow(/broken\.json: not valid JSON/);
  });

  it('names the file and the path of each invalid field', () => {
    const path = join(dir, 'invalid.json');
    writeFileSync(path, JSON.stringify({ as_of: '2026-07-24', source: 's', models: [{ id: 'x' }] }));
    expect(() => loadCatalogSync(path)).toThrow(/invalid catalog \(.*invalid\.json\):\n {2}models\[0\]\.provider: /);
  });
});

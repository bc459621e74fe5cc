/**
 * Regenerates data/catalog.json from the LiteLLM price snapshot (see data/CATALOG.md).
 *
 *   npm run build:catalog                      write data/catalog.json
 *   npm run build:catalog -- --check           exit 1 if data/catalog.json is not what the build makes
 *   npm run build:catalog -- --verbose         also list every left-out entry with its reason
 *   npm run build:catalog -- --in FILE [--as-of YYYY-MM-DD] [--source TEXT] [--out FILE]
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCatalog } from '../src/catalog/build.js';
import { dateFromFileName, readPriceFile } from '../src/catalog/import.js';
import { serializeCatalogFile } from '../src/catalog/normalize.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SNAPSHOT = 'litellm_model_prices_2026-07-24.json';
const DEFAULT_IN = resolve(ROOT, '../shared/data/prices', SNAPSHOT);
const DEFAULT_OUT = resolve(ROOT, 'data/catalog.json');
// From ../shared/data/prices/README.md: where the snapshot was taken.
const SNAPSHOT_SOURCE = `LiteLLM model_prices_and_context_window.json (${SNAPSHOT}, mirror RoCry/llm-api-price commit 8442b939a6ead479f7995b5d74d8dce488bd0966)`;

const { values: args } = parseArgs({
  options: {
    in: { type: 'string', default: DEFAULT_IN },
    out: { type: 'string', default: DEFAULT_OUT },
    'as-of': { type: 'string' },
    source: { type: 'string' },
    check: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const input = resolve(args.in);
  const asOf = args['as-of'] ?? dateFromFileName(input);
  if (!asOf) throw new Error(`no date in ${input}'s name: pass --as-of YYYY-MM-DD`);
  const source = args.source ?? (input === DEFAULT_IN ? SNAPSHOT_SOURCE : `LiteLLM model_prices_and_context_window.json (${basename(input)})`);

  const { file, skipped } = buildCatalog(await readPriceFile(input), { asOf, source });
  const text = serializeCatalogFile(file);

  const perProvider = new Map<string, number>();
  for (const m of file.models) perProvider.set(m.provider, (perProvider.get(m.provider) ?? 0) + 1);
  const counts = [...perProvider].map(([p, n]) => `${p} ${n}`).join(', ');
  process.stderr.write(`${file.models.length} models (${counts}); ${skipped.length} entries of these providers left out\n`);
  if (args.verbose) for (const s of skipped) process.stderr.write(`  skip ${s.key}: ${s.reason}\n`);

  const out = resolve(args.out);
  if (args.check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      process.stderr.write(`${out} is stale: run npm run build:catalog\n`);
      return 1;
    }
    process.stderr.write(`${out} is up to date\n`);
    return 0;
  }
  // Write then rename, so a failed run never leaves a truncated catalog behind.
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
  process.stderr.write(`wrote ${out}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`build-catalog: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

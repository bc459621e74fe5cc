/**
 * `switchyard catalog`: list the model catalog, and `switchyard catalog import FILE` to convert a LiteLLM
 * or OpenRouter price file and merge it into a catalog file.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { Catalog } from '../catalog/catalog.js';
import { CatalogError } from '../catalog/errors.js';
import { dateFromFileName, detectFormat, importPriceData, readPriceFile } from '../catalog/import.js';
import type { PriceFileFormat } from '../catalog/import-types.js';
import { DEFAULT_CATALOG_PATH, readCatalogFile } from '../catalog/load.js';
import { mergeCatalog } from '../catalog/merge.js';
import { serializeCatalogFile } from '../catalog/normalize.js';
import type { CatalogModel } from '../catalog/types.js';
import { CliError } from './fail.js';

export interface CatalogIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CatalogIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

export interface CatalogListOptions {
  json?: boolean;
  provider?: string;
  config?: string;
  /** A catalog file other than the bundled one. */
  catalog?: string;
}

export interface CatalogImportOptions {
  out?: string;
  json?: boolean;
  asOf?: string;
  format?: PriceFileFormat;
  provider?: string;
  catalog?: string;
  verbose?: boolean;
}

export function registerCatalogCommand(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('list known models: prices in USD per 1M tokens, context window, jurisdiction')
    .option('--json', 'print a JSON array instead of a table')
    .option('-p, --provider <name>', 'only models of this provider (e.g. deepseek, anthropic)')
    .option('-c, --config <file>', "apply this config file's models[] (added or overriding models)")
    .option('--catalog <file>', 'read this catalog file instead of the bundled one')
    .addHelpText('after', '\nExamples:\n  switchyard catalog --provider deepseek\n  switchyard catalog --json --config switchyard.yaml')
    .action(async (opts: CatalogListOptions) => {
      await runCatalogList(opts);
    });

  catalog
    .command('import')
    .description('convert a LiteLLM or OpenRouter price file into catalog models and merge them into a catalog')
    .argument('<file>', 'LiteLLM model_prices_and_context_window.json, or an OpenRouter GET /api/v1/models response')
    .option('--out <path>', 'write the merged catalog here; it is merged into this file if it exists, else into the bundled catalog. Without --out nothing is written')
    .option('--as-of <date>', 'date of the prices, YYYY-MM-DD (default: a date in the file name, else today)')
    .addOption(new Option('--format <format>', 'skip format detection').choices(['litellm', 'openrouter']))
    .option('--json', 'print the summary and the imported models as JSON')
    .option('--verbose', 'list the entries left out and why (on stderr)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', '\nExamples:\n  curl -s https://openrouter.ai/api/v1/models > or.json && switchyard catalog import or.json\n  switchyard catalog import prices.json --out .switchyard/catalog.json')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      // Options shared with `catalog` (--json, --provider, --catalog) may be parsed by the parent.
      await runCatalogImport(file, cmd.optsWithGlobals<CatalogImportOptions>());
    });
}

/** Turns catalog and config failures into the one-line CLI error. */
async function cli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof Error) throw new CliError(err.message);
    throw new CliError(String(err));
  }
}

export async function runCatalogList(opts: CatalogListOptions, io: CatalogIo = processIo): Promise<void> {
  const catalog = await cli(async () => {
    let c = new Catalog(await readCatalogFile(opts.catalog ?? DEFAULT_CATALOG_PATH));
    if (opts.config) {
      // Loaded lazily: the config module pulls in provider presets the plain listing does not need.
      const { loadConfig } = await import('../config/load.js');
      c = c.withConfig(loadConfig(opts.config));
    }
    return c;
  });
  const models = catalog.list(opts.provider === undefined ? {} : { provider: opts.provider });
  if (opts.provider !== undefined && models.length === 0) {
    throw new CliError(`no models of provider "${opts.provider}" (known: ${catalog.providers().join(', ')})`);
  }
  if (opts.json) {
    io.stdout(JSON.stringify(models, null, 2) + '\n');
    return;
  }
  io.stdout(formatTable(models));
  io.stdout(`\n${models.length} models; prices in USD per 1M tokens, as of ${catalog.asOf}\n`);
}

const price = (v: number | undefined): string => (v === undefined ? '-' : String(v));

export function formatTable(models: readonly CatalogModel[]): string {
  const header = ['ID', 'PROVIDER', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'CONTEXT', 'JURISDICTION'];
  const numeric = [false, false, true, true, true, true, true, false];
  const rows = models.map((m) => [
    m.id,
    m.provider,
    price(m.price.input),
    price(m.price.output),
    price(m.price.cache_read),
    price(m.price.cache_write),
    m.context_window === undefined ? '-' : String(m.context_window),
    m.jurisdiction,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd() + '\n';
  return [header, ...rows].map(line).join('');
}

export async function runCatalogImport(file: string, opts: CatalogImportOptions, io: CatalogIo = processIo): Promise<void> {
  if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new CliError(`--as-of must be YYYY-MM-DD, got "${opts.asOf}"`);
  const { result, merged, outPath } = await cli(async () => {
    const raw = await readPriceFile(file);
    const format = opts.format ?? detectFormat(raw);
    if (!format) throw new CatalogError(['not a LiteLLM price file or an OpenRouter /api/v1/models response'], file);
    const asOf = opts.asOf ?? dateFromFileName(file) ?? new Date().toISOString().slice(0, 10);
    const result = importPriceData(raw, { asOf, format, ...(opts.provider ? { providers: [opts.provider] } : {}) }, file);
    const outPath = opts.out === undefined ? undefined : resolve(opts.out);
    const basePath = outPath && existsSync(outPath) ? outPath : (opts.catalog ?? DEFAULT_CATALOG_PATH);
    const merged = mergeCatalog(await readCatalogFile(basePath), result.models, { as_of: asOf, source: `${format}:${basename(file)}` });
    if (outPath) writeAtomically(outPath, serializeCatalogFile(merged.file));
    return { result, merged, outPath };
  });

  if (opts.verbose) for (const s of result.skipped) io.stderr(`left out ${s.key}: ${s.reason}\n`);
  if (opts.json) {
    const summary = {
      file,
      format: result.format,
      imported: result.models.length,
      new: merged.added,
      updated: merged.updated,
      unchanged: merged.unchanged.length,
      skipped: result.skipped.length,
      out: outPath ?? null,
      total: merged.file.models.length,
      models: result.models,
    };
    io.stdout(JSON.stringify(summary, null, 2) + '\n');
    return;
  }
  io.stdout(`imported ${result.models.length} models (${merged.added.length} new, ${merged.updated.length} updated) from ${file}\n`);
  if (result.skipped.length) io.stdout(`left out ${result.skipped.length} entries${opts.verbose ? '' : ' (--verbose lists them)'}\n`);
  io.stdout(
    outPath
      ? `wrote ${outPath} (${merged.file.models.length} models)\n`
      : `nothing written: pass --out PATH to save the merged catalog (${merged.file.models.length} models)\n`,
  );
}

/** Write then rename, so an interrupted import never leaves a truncated catalog. */
function writeAtomically(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  } catch (err) {
    throw new CatalogError([`cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`], path, { cause: err });
  }
}

/** Tests of src/cli/catalog.ts (kept here: this worker owns src/catalog/, not the rest of src/cli/). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerCatalogCommand, runCatalogImport, runCatalogList, type CatalogIo } from '../cli/catalog.js';
import { CliError } from '../cli/fail.js';
import { DEFAULT_CATALOG_PATH } from './load.js';
import { validateCatalogFile } from './schema.js';

const OPENROUTER = fileURLToPath(new URL('./__fixtures__/openrouter-models.json', import.meta.url));
const LITELLM = fileURLToPath(new URL('./__fixtures__/litellm-sample.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchyard-cli-catalog-'));

function capture(): CatalogIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

afterEach(() => vi.restoreAllMocks());

describe('switchyard catalog', () => {
  it('prints a table with prices per 1M tokens, context and jurisdiction', async () => {
    const io = capture();
    await runCatalogList({ provider: 'deepseek' }, io);
    const lines = io.out.split('\n');
    expect(lines[0]).toMatch(/^ID\s+PROVIDER\s+INPUT\s+OUTPUT\s+CACHE READ\s+CACHE WRITE\s+CONTEXT\s+JURISDICTION$/);
    expect(lines.find((l) => l.startsWith('deepseek-chat '))).toMatch(/^deepseek-chat\s+deepseek\s+0\.28\s+0\.42\s+0\.028\s+-\s+131072\s+CN$/);
    expect(io.out).toMatch(/\n4 models; prices in USD per 1M tokens, as of 2026-07-24\n$/);
  });

  it('prints a JSON array with --json', async () => {
    const io = capture();
    await runCatalogList({ json: true, provider: 'anthropic' }, io);
    const models = JSON.parse(io.out) as { id: string; price: { cache_write?: number } }[];
    expect(models.find((m) => m.id === 'claude-sonnet-4-5')?.price.cache_write).toBe(3.75);
    expect(models.every((m) => typeof m.id === 'string')).toBe(true);
  });

  it('fails with the known providers when a provider has no models', async () => {
    await expect(runCatalogList({ provider: 'nope' }, capture())).rejects.toThrow(CliError);
    await expect(runCatalogList({ provider: 'nope' }, capture())).rejects.toThrow(/^no models of provider "nope" \(known: anthropic, /);
  });

  it('turns a bad catalog file into a one-line CLI error', async () => {
    await expect(runCatalogList({ catalog: join(dir, 'missing.json') }, capture())).rejects.toThrow(CliError);
  });
});

describe('switchyard catalog import', () => {
  it('converts an OpenRouter response and, without --out, writes nothing', async () => {
    const io = capture();
    const before = readFileSync(DEFAULT_CATALOG_PATH, 'utf8');
    await runCatalogImport(OPENROUTER, { asOf: '2026-11-28' }, io);
    // All three are in the shipped catalog (from LiteLLM's openrouter/* keys); two differ in max_output.
    expect(io.out).toBe(
      `imported 3 models (0 new, 2 updated) from ${OPENROUTER}\n` +
        'left out 4 entries (--verbose lists them)\n' +
        `nothing written: pass --out PATH to save the merged catalog (${(JSON.parse(before) as { models: unknown[] }).models.length} models)\n`,
    );
    expect(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')).toBe(before);
  });

  it('writes the bundled catalog merged with the import to --out, then merges into that file', async () => {
    const out = join(dir, 'nested', 'catalog.json');
    const io = capture();
    await runCatalogImport(OPENROUTER, { out, asOf: '2026-11-28' }, io);
    const file = validateCatalogFile(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(file.as_of).toBe('2026-11-28');
    expect(file.source).toMatch(/; openrouter:openrouter-models\.json$/);
    expect(file.models.find((m) => m.id === 'openrouter/qwen/qwen3-235b-a22b-2507')?.as_of).toBe('2026-11-28');
    expect(file.models.find((m) => m.id === 'deepseek-chat')?.as_of).toBe('2026-07-24');
    expect(io.out).toContain(`wrote ${out} (`);

    const again = capture();
    await runCatalogImport(OPENROUTER, { out, asOf: '2026-11-28' }, again);
    expect(again.out).toMatch(/^imported 3 models \(0 new, 0 updated\)/);
  });

  it('prints a JSON summary with --json and lists left-out entries with --verbose', async () => {
    const io = capture();
    await runCatalogImport(LITELLM, { json: true, verbose: true, provider: 'deepseek' }, io);
    const summary = JSON.parse(io.out) as { format: string; imported: number; new: string[]; out: null; models: { as_of: string }[] };
    expect(summary).toMatchObject({ format: 'litellm', imported: 2, new: [], out: null });
    expect(summary.models[0]?.as_of).toBe(new Date().toISOString().slice(0, 10)); // no date in the file name
    expect(io.err).toContain('left out deepseek-chat: same model as deepseek/deepseek-chat\n');
  });

  it('rejects files of an unknown format and bad dates as CLI errors', async () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    await expect(runCatalogImport(path, {}, capture())).rejects.toThrow(CliError);
    await expect(runCatalogImport(path, {}, capture())).rejects.toThrow(/other\.json: not a LiteLLM price file or an OpenRouter/);
    await expect(runCatalogImport(OPENROUTER, { asOf: 'yesterday' }, capture())).rejects.toThrow('--as-of must be YYYY-MM-DD, got "yesterday"');
    expect(existsSync(join(dir, 'other.json.tmp'))).toBe(false);
  });
});

describe('registerCatalogCommand', () => {
  function run(argv: string[]): Promise<string> {
    const program = new Command('switchyard').exitOverride();
    registerCatalogCommand(program);
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    return program.parseAsync(argv, { from: 'user' }).then(() => out);
  }

  it('runs the listing with options', async () => {
    const out = await run(['catalog', '--json', '--provider', 'zai']);
    expect((JSON.parse(out) as { provider: string }[]).every((m) => m.provider === 'zai')).toBe(true);
  });

  it('passes --json and --provider given after `import` to the import', async () => {
    const out = await run(['catalog', 'import', OPENROUTER, '--json', '--as-of', '2026-11-28']);
    expect(JSON.parse(out)).toMatchObject({ format: 'openrouter', imported: 3 });
  });
});

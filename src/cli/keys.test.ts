import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropSchemas, freshSchema, postgresAvailable } from '../ledger/postgres.testkit.js';
import { openKeyStore } from '../keys/open.js';
import type { VirtualKey } from '../keys/types.js';
import { CliError } from './fail.js';
import { registerKeysCommand } from './keys.js';

/** Runs `switchyard <args>` in-process; returns what went to stdout and stderr. */
async function cli(...args: string[]): Promise<{ out: string; err: string }> {
  // Subcommands inherit exitOverride (usage errors throw) and the silenced error output.
  const program = new Command('switchyard').exitOverride().configureOutput({ writeErr: () => undefined });
  registerKeysCommand(program);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    await program.parseAsync(['node', 'switchyard', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out, err };
}

const pg = await postgresAvailable();
let dir: string;
let config: string;
let ledgerUrl: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keys-cli-'));
  ledgerUrl = `sqlite:${join(dir, 'data', 'ledger.db')}`;
  config = join(dir, 'switchyard.yaml');
  writeFileSync(config, `ledger: ${ledgerUrl}\n`);
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  if (pg) await dropSchemas();
});

async function stored(id: string, url = ledgerUrl): Promise<VirtualKey | null> {
  const store = openKeyStore(url);
  try {
    return await store.get(id);
  } finally {
    await store.close();
  }
}

async function verify(secret: string, url = ledgerUrl): Promise<VirtualKey | null> {
  const store = openKeyStore(url);
  try {
    return await store.verify(secret);
  } finally {
    await store.close();
  }
}

async function create(...args: string[]): Promise<{ id: string; key: string }> {
  const { out } = await cli('keys', 'create', '--config', config, '--json', ...args);
  return JSON.parse(out) as { id: string; key: string };
}

describe('keys create', () => {
  it('with --json prints exactly {"id": ..., "key": ...} and the key verifies against the config\'s store', async () => {
    const { out, err } = await cli('keys', 'create', '--config', config, '--project', 'alpha', '--budget-usd', '5', '--window', 'day', '--json');
    expect(out).toMatch(/^\{"id": "vk_[0-9A-Za-z]{16}", "key": "sy-[0-9A-Za-z]{40}"\}\n$/);
    expect(err).toBe('');
    const { id, key } = JSON.parse(out) as { id: string; key: string };
    expect(Object.keys(JSON.parse(out) as object)).toEqual(['id', 'key']);
    expect(await verify(key)).toMatchObject({ id, project: 'alpha', budgets: [{ unit: 'usd', window: 'day', limit: 5 }] });
  });

  it('turns every option into the key definition', async () => {
    const { id } = await create(
      '--project', 'beta', '--name', 'ci bot', '--budget-usd', '2.5', '--budget-tokens', '100000', '--window', 'month', '--soft',
      '--models', 'deepseek-*, auto', '--rpm', '60', '--tpm', '90000', '--jurisdictions', 'eu,US !CN',
    );
    expect(await stored(id)).toMatchObject({
      project: 'beta',
      name: 'ci bot',
      budgets: [
        { unit: 'usd', window: 'month', limit: 2.5, mode: 'soft' },
        { unit: 'tokens', window: 'month', limit: 100_000, mode: 'soft' },
      ],
      allowed_models: ['deepseek-*', 'auto'],
      rate_limits: { rpm: 60, tpm: 90_000 },
      jurisdictions: { allow: ['EU', 'US'], deny: ['CN'] },
    });
  });

  it('defaults budgets to the total window (never reset)', async () => {
    const { id } = await create('--project', 'p', '--budget-tokens', '10');
    expect((await stored(id))?.budgets).toEqual([{ unit: 'tokens', window: 'total', limit: 10 }]);
  });

  it('without --json shows the key once and warns it will not be shown again', async () => {
    const { out } = await cli('keys', 'create', '--config', config, '--project', 'alpha');
    const secret = /sy-[0-9A-Za-z]{40}/.exec(out)?.[0];
    expect(secret).toBeDefined();
    expect(out).toMatch(/Created key vk_/);
    expect(out).toMatch(/will not be shown again/);
    expect(await verify(secret ?? '')).not.toBeNull();
  });

  it.each([
    [['--budget-usd', 'abc'], '--budget-usd must be a positive amount of USD, got "abc"'],
    [['--budget-usd', '0'], '--budget-usd must be a positive amount of USD, got "0"'],
    [['--budget-usd', '10000'], '--budget-usd must be at most 9007.19 (USD per window), got "10000"'],
    [['--budget-tokens', '1.5'], '--budget-tokens must be a whole number > 0, got "1.5"'],
    [['--rpm', '-1'], '--rpm must be a whole number > 0, got "-1"'],
    [['--window', 'day'], '--window needs --budget-usd or --budget-tokens'],
    [['--soft'], '--soft needs --budget-usd or --budget-tokens'],
    [['--models', ' , '], '--models needs at least one model id, route or glob, got " , "'],
    [['--name', ' '], 'invalid key: name: must not be empty'],
    [['--jurisdictions', ' , '], '--jurisdictions needs at least one code (e.g. "EU,US" or "!CN"), got " , "'],
    [['--jurisdictions', 'Germany'], 'invalid key: jurisdictions.allow[0]: must be an ISO 3166 country code (GB for the United Kingdom), EU, local or unknown'],
    [['--jurisdictions', 'EU,UK'], 'invalid key: jurisdictions.allow[1]: must be an ISO 3166 country code (GB for the United Kingdom), EU, local or unknown'],
    [['--jurisdictions', '!ZZ'], 'invalid key: jurisdictions.deny[0]: must be an ISO 3166 country code (GB for the United Kingdom), EU, local or unknown'],
  ])('refuses %j with a one-line error', async (args, message) => {
    const error = await cli('keys', 'create', '--config', config, '--project', 'p', ...args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(message);
  });

  it('refuses an unknown window and a missing project (commander usage errors)', async () => {
    await expect(cli('keys', 'create', '--config', config, '--project', 'p', '--budget-usd', '1', '--window', 'week')).rejects.toThrow(/Allowed choices are minute, hour, day, month, total/);
    await expect(cli('keys', 'create', '--config', config)).rejects.toThrow(/required option '--project <name>'/);
  });

  it('refuses a ledger that keeps nothing', async () => {
    writeFileSync(config, 'ledger: none\n');
    await expect(cli('keys', 'create', '--config', config, '--project', 'p')).rejects.toThrow(/keys need a persistent store, but the config's ledger is "none"/);
  });
});

describe('keys list', () => {
  it('lists keys without secrets or hashes; --project filters; revoked keys only with --all', async () => {
    const a = await create('--project', 'alpha', '--name', 'first', '--budget-usd', '3', '--window', 'day');
    const b = await create('--project', 'beta');
    const c = await create('--project', 'alpha');
    await cli('keys', 'revoke', c.id, '--config', config);

    const table = (await cli('keys', 'list', '--config', config)).out;
    expect(table).toMatch(/^ID\s+PROJECT\s+NAME\s+KEY\s+CREATED\s+STATUS\s+BUDGETS\s+RATE LIMITS\s+MODELS\n/);
    expect(table).toContain(a.id);
    expect(table).toContain(`${a.key.slice(0, 9)}...`);
    expect(table).toContain('$3 per day');
    expect(table).not.toContain(c.id);
    for (const k of [a, b, c]) expect(table).not.toContain(k.key.slice(9));

    const json = JSON.parse((await cli('keys', 'list', '--config', config, '--project', 'alpha', '--all', '--json')).out) as VirtualKey[];
    expect(json.map((k) => k.id)).toEqual([a.id, c.id]);
    expect(json[1]?.revoked_at).toEqual(expect.any(Number));
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/hash|sy-[0-9A-Za-z]{40}/);
  });

  it('says so when there are no keys', async () => {
    expect((await cli('keys', 'list', '--config', config)).out).toBe('No keys.\n');
  });
});

describe('keys update', () => {
  it('replaces a budget of the same unit and window, keeps the others, and merges rate limits', async () => {
    const { id, key } = await create('--project', 'alpha', '--budget-usd', '1', '--window', 'day', '--rpm', '10');
    await cli('keys', 'update', id, '--config', config, '--budget-tokens', '500', '--window', 'day');
    await cli('keys', 'update', id, '--config', config, '--budget-usd', '2', '--window', 'day', '--tpm', '1000', '--models', 'a,b');
    expect(await stored(id)).toMatchObject({
      budgets: [
        { unit: 'tokens', window: 'day', limit: 500 },
        { unit: 'usd', window: 'day', limit: 2 },
      ],
      rate_limits: { rpm: 10, tpm: 1000 },
      allowed_models: ['a', 'b'],
    });
    const { out } = await cli('keys', 'update', id, '--config', config, '--clear-budgets', '--all-models', '--clear-rate-limits', '--project', 'beta', '--json');
    const updated = JSON.parse(out) as VirtualKey;
    expect(updated).toEqual({ id, project: 'beta', prefix: key.slice(0, 9), created_at: expect.any(Number), budgets: [] });
    expect((await verify(key))?.project).toBe('beta'); // same secret
  });

  it('sets, shows and lifts jurisdiction lists', async () => {
    const { id } = await create('--project', 'alpha');
    const { out } = await cli('keys', 'update', id, '--config', config, '--jurisdictions', '!CN');
    expect(out).toMatch(/jurisdictions\s+!CN/);
    expect((await stored(id))?.jurisdictions).toEqual({ deny: ['CN'] });
    await cli('keys', 'update', id, '--config', config, '--any-jurisdiction');
    expect((await stored(id))?.jurisdictions).toBeUndefined();
    const both = await cli('keys', 'update', id, '--config', config, '--any-jurisdiction', '--jurisdictions', 'US').catch((e: unknown) => e);
    expect((both as CliError).message).toBe('give --jurisdictions or --any-jurisdiction, not both');
  });

  it('prints the new definition', async () => {
    const { id } = await create('--project', 'alpha');
    const { out } = await cli('keys', 'update', id, '--config', config, '--name', 'renamed');
    expect(out).toContain(`Updated key ${id}`);
    expect(out).toMatch(/name\s+renamed/);
  });

  it('refuses an unknown or revoked key, and an update with nothing in it', async () => {
    const { id } = await create('--project', 'alpha');
    await expect(cli('keys', 'update', 'vk_nope', '--config', config, '--rpm', '1')).rejects.toThrow('no key "vk_nope"');
    await expect(cli('keys', 'update', id, '--config', config)).rejects.toThrow(/^nothing to update/);
    await expect(cli('keys', 'update', id, '--config', config, '--models', 'a', '--all-models')).rejects.toThrow('give --models or --all-models, not both');
    await cli('keys', 'revoke', id, '--config', config);
    await expect(cli('keys', 'update', id, '--config', config, '--rpm', '1')).rejects.toThrow(`key ${id} is revoked; create a new key instead`);
  });
});

describe('keys revoke', () => {
  it('revokes: the secret no longer verifies; revoking again says so', async () => {
    const { id, key } = await create('--project', 'alpha');
    const { out } = await cli('keys', 'revoke', id, '--config', config);
    expect(out).toMatch(new RegExp(`^Revoked key ${id} \\(project alpha\\)\\. Gateways refuse it within their key-cache TTL`));
    expect(await verify(key)).toBeNull();
    expect((await cli('keys', 'revoke', id, '--config', config)).out).toMatch(/was already revoked at \d{4}-/);
    const json = JSON.parse((await cli('keys', 'revoke', id, '--config', config, '--json')).out) as VirtualKey;
    expect(json).toMatchObject({ id, revoked_at: expect.any(Number) });
  });

  it('refuses an unknown key', async () => {
    await expect(cli('keys', 'revoke', 'vk_nope', '--config', config)).rejects.toThrow('no key "vk_nope"');
  });
});

describe.skipIf(!pg)('keys on PostgreSQL', () => {
  it('creates a key in the database every instance shares, and revokes it there', async () => {
    const { url } = await freshSchema();
    writeFileSync(config, `ledger: "${url}"\n`);
    const { id, key } = await create('--project', 'alpha', '--budget-usd', '1', '--window', 'hour');
    expect(await verify(key, url)).toMatchObject({ id, budgets: [{ unit: 'usd', window: 'hour', limit: 1 }] });
    expect((await cli('keys', 'list', '--config', config)).out).toContain(id);
    await cli('keys', 'revoke', id, '--config', config);
    expect(await verify(key, url)).toBeNull();
  });

  it('reports an unreachable database in one line', async () => {
    writeFileSync(config, 'ledger: "postgres://postgres@127.0.0.1:1/test?connect_timeout=1"\n');
    const error = await cli('keys', 'list', '--config', config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/ECONNREFUSED/);
    expect((error as CliError).message).not.toContain('\n');
  });
});

/**
 * `switchyard keys create|list|update|revoke`: manage virtual keys in the store the config's `ledger`
 * names (the SQLite file or the PostgreSQL database every gateway instance shares).
 *
 * `keys create --json` prints exactly `{"id": "...", "key": "..."}` on stdout (a contract for scripts).
 * The secret is printed by `create` only; no command ever prints a secret or a hash again.
 */
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { parseLedgerUrl } from '../ledger/open.js';
import { DEFAULT_KEY_CACHE_TTL_MS } from '../keys/cache.js';
import { openKeyStore } from '../keys/open.js';
import { BUDGET_WINDOWS, type BudgetWindow, type KeyBudget, type KeyInput, type KeyJurisdictions, type KeyPatch, type KeyStore, type VirtualKey } from '../keys/types.js';
import { KeyValidationError, MAX_USD_LIMIT } from '../keys/validate.js';
import { splitJurisdictionList } from '../routing/constraints/jurisdiction.js';
import { CliError } from './fail.js';

interface CommonFlags {
  config?: string;
  json?: boolean;
}

interface DefinitionFlags extends CommonFlags {
  project?: string;
  name?: string;
  budgetUsd?: number;
  budgetTokens?: number;
  window?: BudgetWindow;
  soft?: boolean;
  models?: string[];
  rpm?: number;
  tpm?: number;
  jurisdictions?: KeyJurisdictions;
}

interface UpdateFlags extends DefinitionFlags {
  clearBudgets?: boolean;
  allModels?: boolean;
  anyJurisdiction?: boolean;
  clearRateLimits?: boolean;
}

interface ListFlags extends CommonFlags {
  project?: string;
  all?: boolean;
}

const DEFAULT_WINDOW: BudgetWindow = 'total';

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Create, list, update and revoke virtual keys (stored where the config\'s `ledger` is)');

  definitionOptions(keys.command('create').description('Create a key; its secret is printed once and never again'))
    .requiredOption('--project <name>', 'the project the key belongs to (spend is attributed to it)')
    .action(async (flags: DefinitionFlags) => {
      const input = inputFrom(flags);
      const created = await withStore(flags.config, (store) => store.create(input));
      const { key, secret } = created;
      process.stdout.write(flags.json ? `{"id": ${JSON.stringify(key.id)}, "key": ${JSON.stringify(secret)}}\n` : renderCreated(key, secret));
    });

  keys
    .command('list')
    .description('List keys (never their secrets)')
    .option('--config <file>', 'config file (default: the same resolution as `serve`)')
    .option('--project <name>', 'only the keys of this project')
    .option('--all', 'include revoked keys')
    .option('--json', 'print a JSON array instead of a table')
    .action(async (flags: ListFlags) => {
      const list = await withStore(flags.config, (store) =>
        store.list({ ...(flags.project !== undefined ? { project: flags.project } : {}), includeRevoked: flags.all === true }),
      );
      process.stdout.write(flags.json ? `${JSON.stringify(list, null, 2)}\n` : renderList(list));
    });

  definitionOptions(keys.command('update').argument('<id>', 'the key id (vk_...)').description('Change a key\'s project, name, budgets, models, jurisdictions or rate limits'))
    .option('--project <name>', 'move the key to this project')
    .option('--clear-budgets', 'remove every budget (before adding any given here)')
    .option('--all-models', 'lift the model restriction')
    .option('--any-jurisdiction', 'lift the jurisdiction restriction')
    .option('--clear-rate-limits', 'remove the rpm and tpm limits (before setting any given here)')
    .action(async (id: string, flags: UpdateFlags) => {
      const updated = await withStore(flags.config, async (store) => {
        const existing = await store.get(id);
        if (existing === null) throw new CliError(`no key "${id}"`);
        if (existing.revoked_at !== undefined) throw new CliError(`key ${id} is revoked; create a new key instead`);
        const patched = await store.update(id, patchFrom(flags, existing));
        if (patched === null) throw new CliError(`no key "${id}"`);
        return patched;
      });
      process.stdout.write(flags.json ? `${JSON.stringify(updated, null, 2)}\n` : `Updated key ${updated.id}\n${describe(updated)}`);
    });

  keys
    .command('revoke')
    .argument('<id>', 'the key id (vk_...)')
    .description('Revoke a key: every gateway instance refuses it within its key-cache TTL')
    .option('--config <file>', 'config file (default: the same resolution as `serve`)')
    .option('--json', 'print the revoked key as JSON')
    .action(async (id: string, flags: CommonFlags) => {
      const { key, already } = await withStore(flags.config, async (store) => {
        const before = await store.get(id);
        if (before === null) throw new CliError(`no key "${id}"`);
        const after = await store.revoke(id);
        if (after === null) throw new CliError(`no key "${id}"`);
        return { key: after, already: before.revoked_at !== undefined };
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(key, null, 2)}\n`);
      else if (already) process.stdout.write(`Key ${key.id} was already revoked at ${when(key.revoked_at ?? 0)}\n`);
      else {
        process.stdout.write(
          `Revoked key ${key.id} (project ${key.project}). Gateways refuse it within their key-cache TTL (${DEFAULT_KEY_CACHE_TTL_MS / 1000} s by default).\n`,
        );
      }
    });
}

/** The options `create` and `update` share. */
function definitionOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: the same resolution as `serve`)')
    .option('--name <name>', 'a label for people (not unique)')
    .option('--budget-usd <usd>', 'a USD budget for the window', parseUsdFlag)
    .option('--budget-tokens <n>', 'a token budget for the window', positiveInt('--budget-tokens'))
    .addOption(new Option('--window <window>', `the budgets' window (default: ${DEFAULT_WINDOW})`).choices(BUDGET_WINDOWS))
    .option('--soft', 'the budgets only warn instead of refusing requests')
    .option('--models <list>', 'comma-separated model ids, routes or globs the key may use (default: any)', parseList)
    .option('--rpm <n>', 'requests per minute at most', positiveInt('--rpm'))
    .option('--tpm <n>', 'tokens per minute at most', positiveInt('--tpm'))
    .option(
      '--jurisdictions <list>',
      'where its requests may be served: ISO country codes, EU, local; !CODE denies (e.g. "EU,US" or "!CN"; default: anywhere)',
      parseJurisdictionsFlag,
    )
    .option('--json', 'print JSON');
}

// ---- flag parsing ----

function parseUsdFlag(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliError(`--budget-usd must be a positive amount of USD, got "${value}"`);
  if (n > MAX_USD_LIMIT) throw new CliError(`--budget-usd must be at most ${MAX_USD_LIMIT} (USD per window), got "${value}"`);
  return n;
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new CliError(`${flag} must be a whole number > 0, got "${value}"`);
    return n;
  };
}

/** `EU,US,!CN` (the `x-switchyard-jurisdictions` syntax) as allow and deny lists; codes are checked by the store. */
function parseJurisdictionsFlag(value: string): KeyJurisdictions {
  const { allow, deny } = splitJurisdictionList(value);
  if (allow.length + deny.length === 0) throw new CliError(`--jurisdictions needs at least one code (e.g. "EU,US" or "!CN"), got "${value}"`);
  return { ...(allow.length ? { allow } : {}), ...(deny.length ? { deny } : {}) };
}

function parseList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new CliError(`--models needs at least one model id, route or glob, got "${value}"`);
  return items;
}

/** The budgets the flags define (one per unit given), in the flags' window and mode. */
function budgetsFrom(flags: DefinitionFlags): KeyBudget[] {
  const budgets: KeyBudget[] = [];
  const window = flags.window ?? DEFAULT_WINDOW;
  const mode = flags.soft === true ? { mode: 'soft' as const } : {};
  if (flags.budgetUsd !== undefined) budgets.push({ unit: 'usd', window, limit: flags.budgetUsd, ...mode });
  if (flags.budgetTokens !== undefined) budgets.push({ unit: 'tokens', window, limit: flags.budgetTokens, ...mode });
  if (budgets.length === 0 && (flags.window !== undefined || flags.soft === true)) {
    throw new CliError(`${flags.window !== undefined ? '--window' : '--soft'} needs --budget-usd or --budget-tokens`);
  }
  return budgets;
}

function inputFrom(flags: DefinitionFlags): KeyInput {
  const input: KeyInput = { project: flags.project ?? '', budgets: budgetsFrom(flags) };
  if (flags.name !== undefined) input.name = flags.name;
  if (flags.models !== undefined) input.allowed_models = flags.models;
  if (flags.rpm !== undefined || flags.tpm !== undefined) input.rate_limits = rateLimits(flags);
  if (flags.jurisdictions !== undefined) input.jurisdictions = flags.jurisdictions;
  return input;
}

function rateLimits(flags: DefinitionFlags): { rpm?: number; tpm?: number } {
  return { ...(flags.rpm !== undefined ? { rpm: flags.rpm } : {}), ...(flags.tpm !== undefined ? { tpm: flags.tpm } : {}) };
}

/** A patch from the flags: new budgets replace those of the same unit and window; rpm/tpm merge. */
function patchFrom(flags: UpdateFlags, existing: VirtualKey): KeyPatch {
  const patch: KeyPatch = {};
  if (flags.project !== undefined) patch.project = flags.project;
  if (flags.name !== undefined) patch.name = flags.name;
  const added = budgetsFrom(flags);
  if (flags.clearBudgets === true || added.length > 0) {
    const kept = flags.clearBudgets === true ? [] : existing.budgets.filter((b) => !added.some((a) => a.unit === b.unit && a.window === b.window));
    patch.budgets = [...kept, ...added];
  }
  if (flags.allModels === true && flags.models !== undefined) throw new CliError('give --models or --all-models, not both');
  if (flags.allModels === true) patch.allowed_models = null;
  if (flags.models !== undefined) patch.allowed_models = flags.models;
  if (flags.anyJurisdiction === true && flags.jurisdictions !== undefined) throw new CliError('give --jurisdictions or --any-jurisdiction, not both');
  if (flags.anyJurisdiction === true) patch.jurisdictions = null;
  if (flags.jurisdictions !== undefined) patch.jurisdictions = flags.jurisdictions;
  if (flags.clearRateLimits === true || flags.rpm !== undefined || flags.tpm !== undefined) {
    const base = flags.clearRateLimits === true ? {} : (existing.rate_limits ?? {});
    const merged = { ...base, ...rateLimits(flags) };
    patch.rate_limits = merged.rpm === undefined && merged.tpm === undefined ? null : merged;
  }
  if (Object.keys(patch).length === 0) throw new CliError('nothing to update: give at least one option (see `switchyard keys update --help`)');
  return patch;
}

// ---- the store ----

/** Opens the config's key store, runs `fn`, closes the store; every failure becomes a one-line CliError. */
async function withStore<T>(configPath: string | undefined, fn: (store: KeyStore) => Promise<T>): Promise<T> {
  const url = loadConfig(configPath).ledger;
  const location = oneLine(() => parseLedgerUrl(url));
  if (location.kind === 'none' || (location.kind === 'sqlite' && location.path === ':memory:')) {
    throw new CliError(`keys need a persistent store, but the config's ledger is "${url}": set ledger to sqlite:PATH or postgres://...`);
  }
  const store = oneLine(() => openKeyStore(url));
  try {
    return await fn(store);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof KeyValidationError) throw new CliError(`invalid key: ${error.message}`);
    throw new CliError(firstLine(error));
  } finally {
    await store.close().catch(() => undefined);
  }
}

function oneLine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof CliError ? error : new CliError(firstLine(error));
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

// ---- output ----

function when(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function budgetText(b: KeyBudget): string {
  const amount = b.unit === 'usd' ? `$${b.limit}` : `${b.limit.toLocaleString('en-US')} tokens`;
  return `${amount} ${b.window === 'total' ? 'in total' : `per ${b.window}`}${b.mode === 'soft' ? ' (soft)' : ''}`;
}

function rateText(key: VirtualKey): string {
  const parts: string[] = [];
  if (key.rate_limits?.rpm !== undefined) parts.push(`${key.rate_limits.rpm} rpm`);
  if (key.rate_limits?.tpm !== undefined) parts.push(`${key.rate_limits.tpm.toLocaleString('en-US')} tpm`);
  return parts.join(', ');
}

function jurisdictionText(key: VirtualKey): string {
  const j = key.jurisdictions;
  return j ? [...(j.allow ?? []), ...(j.deny ?? []).map((c) => `!${c}`)].join(',') : '';
}

/** The key's definition, one line per field that is set. */
function describe(key: VirtualKey): string {
  const lines = [`  project        ${key.project}`];
  if (key.name !== undefined) lines.push(`  name           ${key.name}`);
  lines.push(`  budgets        ${key.budgets.length > 0 ? key.budgets.map(budgetText).join('; ') : 'none'}`);
  lines.push(`  models         ${key.allowed_models?.join(', ') ?? 'any'}`);
  lines.push(`  jurisdictions  ${jurisdictionText(key) || 'anywhere'}`);
  lines.push(`  rate limits    ${rateText(key) || 'none'}`);
  return `${lines.join('\n')}\n`;
}

function renderCreated(key: VirtualKey, secret: string): string {
  return [
    `Created key ${key.id}`,
    describe(key).trimEnd(),
    '',
    `  ${secret}`,
    '',
    'Copy this key now: it will not be shown again (Switchyard stores only its hash).',
    'Clients send it as "Authorization: Bearer <key>" (or "x-api-key: <key>" on the Anthropic endpoint).',
    '',
  ].join('\n');
}

function renderList(keys: VirtualKey[]): string {
  if (keys.length === 0) return 'No keys.\n';
  const header = ['ID', 'PROJECT', 'NAME', 'KEY', 'CREATED', 'STATUS', 'BUDGETS', 'RATE LIMITS', 'MODELS'];
  const rows = keys.map((k) => [
    k.id,
    k.project,
    k.name ?? '',
    `${k.prefix}...`,
    when(k.created_at),
    k.revoked_at === undefined ? 'active' : `revoked ${when(k.revoked_at)}`,
    k.budgets.map(budgetText).join('; ') || '-',
    rateText(k) || '-',
    k.allowed_models?.join(',') ?? 'any',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

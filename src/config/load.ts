/**
 * Loads the configuration once at start-up: YAML file (or the environment, or sandbox), `${ENV}`
 * interpolation, schema validation reporting every error by its path, preset resolution, then freeze.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { PRESETS } from '../providers/presets/index.js';
import { isCredentialName } from '../util/credential-name.js';
import { registerSecrets } from '../util/secrets.js';
import type { ProviderConfig } from '../spec/provider.js';
import { interpolate } from './interpolate.js';
import { configSchema, type RawConfig } from './schema.js';
import { providersFromEnv, SANDBOX_PRESETS, SANDBOX_URL, sandboxBaseUrl } from './env-config.js';
import type { BudgetConfig, Config, ModelConfig, RouteConfig } from './types.js';

export class ConfigError extends Error {
  constructor(readonly errors: string[], source: string) {
    super(errors.length === 1 ? `invalid config (${source}): ${errors[0]}` : `invalid config (${source}), ${errors.length} errors:\n  ${errors.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG_FILES = ['switchyard.yaml', 'switchyard.yml'];
export const DEFAULT_LEDGER = 'sqlite:.switchyard/ledger.db';
export const DEFAULT_BASELINE = 'claude-sonnet-4-6';

/**
 * Finds and loads the config. `path` wins; then `SWITCHYARD_CONFIG`; then `./switchyard.yaml`; then the
 * provider keys in the environment; with none of those, sandbox mode.
 */
export function loadConfig(path?: string, env: NodeJS.ProcessEnv = process.env): Config {
  const file = path ?? env.SWITCHYARD_CONFIG ?? DEFAULT_CONFIG_FILES.find((f) => existsSync(f));
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError([`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`], file);
    }
    return parseConfig(text, env, file, dirname(resolve(file)));
  }
  const providers = providersFromEnv(env);
  if (Object.keys(providers).length > 0) return buildConfig({ providers }, env, 'env', false);
  const sandboxProviders: Record<string, { preset: string; base_url: string }> = {};
  for (const preset of SANDBOX_PRESETS) sandboxProviders[preset] = { preset, base_url: sandboxBaseUrl(SANDBOX_URL, preset) };
  return buildConfig({ providers: sandboxProviders }, env, 'sandbox', true);
}

/** Parses and validates a YAML config text; `baseDir` anchors relative file paths (router weights, calibration). */
export function parseConfig(text: string, env: NodeJS.ProcessEnv = process.env, source = 'config', baseDir?: string): Config {
  let doc: unknown;
  try {
    doc = parseYaml(text) ?? {};
  } catch (err) {
    throw new ConfigError([`not valid YAML: ${(err as Error).message.split('\n')[0]}`], source);
  }
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(['(root): must be a mapping'], source);
  const errors: string[] = [];
  const interpolated = interpolate(doc, env, errors);
  if (errors.length) throw new ConfigError(errors, source);
  return buildConfig(interpolated, env, source, false, baseDir);
}

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`)).join('') : '(root)'}: ${i.message}`);
}

function buildConfig(input: unknown, env: NodeJS.ProcessEnv, source: string, sandbox: boolean, baseDir?: string): Config {
  const fromConfig = (p: string): string => (baseDir && !isAbsolute(p) ? resolve(baseDir, p) : p);
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues), source);
  const raw: RawConfig = parsed.data;
  const errors: string[] = [];

  const providers: Record<string, ProviderConfig> = {};
  for (const [name, p] of Object.entries(raw.providers ?? {})) {
    const presetName = p.preset ?? (PRESETS[name] ? name : undefined);
    const preset = presetName ? PRESETS[presetName] : undefined;
    if (p.preset && !preset) {
      errors.push(`providers.${name}.preset: unknown preset "${p.preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
      continue;
    }
    const protocol = p.protocol ?? preset?.protocol;
    const baseUrl = p.base_url ?? preset?.baseUrl;
    if (!protocol) errors.push(`providers.${name}.protocol: required without a preset (openai or anthropic)`);
    if (!baseUrl) errors.push(`providers.${name}.base_url: required without a preset`);
    if (!protocol || !baseUrl) continue;
    providers[name] = Object.freeze({
      name,
      ...(presetName ? { preset: presetName } : {}),
      protocol,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      ...(p.api_key ? { apiKey: p.api_key } : preset?.envKey && env[preset.envKey] && source !== 'sandbox' ? { apiKey: env[preset.envKey] } : {}),
      jurisdiction: p.jurisdiction ?? preset?.jurisdiction ?? 'unknown',
      ...(p.headers || preset?.headers ? { headers: { ...preset?.headers, ...p.headers } } : {}),
    });
  }

  const models: ModelConfig[] = (raw.models ?? []).map((m, i) => {
    if (!raw.providers?.[m.provider]) errors.push(`models[${i}].provider: unknown provider "${m.provider}"`);
    return Object.freeze({
      id: m.id,
      provider: m.provider,
      upstream: m.upstream ?? m.id,
      ...(m.price ? { price: Object.freeze({ ...m.price }) } : {}),
      ...(m.context_window ? { context_window: m.context_window } : {}),
      ...(m.max_output ? { max_output: m.max_output } : {}),
    });
  });

  // null prototype: a request naming `constructor` or `__proto__` must find no route (it used to 500)
  const routes: Record<string, RouteConfig> = Object.create(null) as Record<string, RouteConfig>;
  for (const [name, r] of Object.entries(raw.routes ?? {})) {
    const { strategy, targets, ...options } = r;
    const strat = strategy ?? 'fallback';
    routes[name] = Object.freeze({ name, strategy: strat, targets: Object.freeze([...(targets ?? [])]) as string[], options: Object.freeze(options) });
  }

  if (errors.length) throw new ConfigError(errors, source);
  registerSecrets([raw.admin_key, ...Object.values(providers).flatMap((p) => [p.apiKey, ...Object.entries(p.headers ?? {}).filter(([n]) => isCredentialName(n)).map(([, v]) => v)])]);
  const server = raw.server ?? {};
  return deepFreeze({
    server: {
      host: server.host ?? env.SWITCHYARD_HOST ?? '127.0.0.1',
      port: server.port ?? (env.SWITCHYARD_PORT ? Number(env.SWITCHYARD_PORT) : 4000),
      bodyLimitBytes: parseBytes(server.body_limit ?? '4mb'),
      clientTimeoutMs: server.client_timeout_ms ?? 60_000,
    },
    ledger: raw.ledger ?? env.SWITCHYARD_LEDGER ?? DEFAULT_LEDGER,
    state: raw.state ?? 'memory',
    baseline: raw.baseline ?? DEFAULT_BASELINE,
    ...(raw.admin_key ? { adminKey: raw.admin_key } : {}),
    providers,
    models,
    routes,
    modelMap: Object.entries(raw.model_map ?? {}).map(([pattern, target]) => ({ pattern, target })),
    timeouts: {
      connectMs: raw.timeouts?.connect_ms ?? 5_000,
      firstByteMs: raw.timeouts?.first_byte_ms ?? 60_000,
      idleMs: raw.timeouts?.idle_ms ?? 30_000,
      totalMs: raw.timeouts?.total_ms ?? 600_000,
    },
    retry: {
      maxAttempts: raw.retry?.max_attempts ?? 3,
      baseDelayMs: raw.retry?.base_delay_ms ?? 200,
      maxDelayMs: raw.retry?.max_delay_ms ?? 5_000,
      retryAfterCapMs: raw.retry?.retry_after_cap_ms ?? 10_000,
    },
    sandbox,
    logPrompts: raw.logging?.prompts ?? false,
    ...(raw.router?.weights ? { routerWeights: fromConfig(raw.router.weights) } : {}),
    ...(raw.router?.calibration ? { routerCalibration: fromConfig(raw.router.calibration) } : {}),
    projects: Object.fromEntries(
      Object.entries(raw.projects ?? {}).map(([name, p]) => [name, { budgets: (p.budgets ?? []).map(budgetOf), ...(p.rate_limits ? { rateLimits: p.rate_limits } : {}) }]),
    ),
    sessionBudgets: (raw.sessions?.budgets ?? []).map(budgetOf),
    modelRateLimits: raw.rate_limits?.models ?? {},
    budgetLeaseMs: raw.budget_lease_ms ?? 60_000,
    ledgerCommit: raw.ledger_commit ?? 'background',
    source,
  });
}

function budgetOf(b: NonNullable<RawConfig['sessions']>['budgets'] extends (infer T)[] | undefined ? T : never): BudgetConfig {
  return { unit: b.unit, window: b.window, limit: b.limit, mode: b.mode ?? 'hard', ...(b.soft !== undefined ? { soft: b.soft } : {}), ...(b.degrade_to ? { degrade_to: b.degrade_to } : {}) };
}

/** Points every sandbox provider at the running emulator. */
export function bindSandbox(config: Config, emulatorUrl: string): Config {
  const providers: Record<string, ProviderConfig> = {};
  for (const [name, p] of Object.entries(config.providers)) {
    providers[name] = { ...p, baseUrl: p.baseUrl.replace(SANDBOX_URL, emulatorUrl) };
  }
  return deepFreeze({ ...config, providers });
}

export function parseBytes(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(v.trim());
  if (!m) return 4 * 1024 * 1024;
  const unit = (m[2] ?? 'b').toLowerCase();
  return Math.round(Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1));
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

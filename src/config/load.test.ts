import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSandbox, ConfigError, loadConfig, parseConfig } from './load.js';

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.errors;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('fills protocol, base_url and jurisdiction from a preset; explicit keys override', () => {
    const c = parseConfig(`providers:\n  deepseek: { preset: deepseek, api_key: k }\n  kimi: { preset: moonshot-cn, jurisdiction: XX }\n  claude: { preset: anthropic, base_url: https://proxy.example.com/ }\n`, {});
    expect(c.providers.deepseek).toMatchObject({ protocol: 'openai', baseUrl: 'https://api.deepseek.com/v1', jurisdiction: 'CN', apiKey: 'k' });
    expect(c.providers.kimi).toMatchObject({ baseUrl: 'https://api.moonshot.cn/v1', jurisdiction: 'XX' });
    expect(c.providers.claude).toMatchObject({ protocol: 'anthropic', baseUrl: 'https://proxy.example.com' });
  });

  it('interpolates ${ENV} and ${ENV:-default}, and names a missing variable by path', () => {
    const c = parseConfig(`providers:\n  deepseek: { preset: deepseek, api_key: "\${DS_KEY}" }\nledger: "sqlite:\${DIR:-/tmp}/l.db"\n`, { DS_KEY: 'secret' });
    expect(c.providers.deepseek!.apiKey).toBe('secret');
    expect(c.ledger).toBe('sqlite:/tmp/l.db');
    expect(errorsOf(() => parseConfig(`providers:\n  deepseek: { preset: deepseek, api_key: "\${NOPE}" }\n`, {}))).toEqual([
      'providers.deepseek.api_key: environment variable NOPE is not set',
    ]);
  });

  it('reports every error with its path', () => {
    const errors = errorsOf(() =>
      parseConfig(
        `server: { port: 99999 }\nproviders:\n  deepseek: { preset: deepseek, base_url: nope }\n  custom: { api_key: x }\nmodels:\n  - { id: m, provider: ghost, price: { input: -1, output: 1 } }\nledger: mysql://x\n`,
        {},
      ),
    );
    expect(errors).toContain('providers.deepseek.base_url: must be a URL');
    expect(errors).toContain('server.port: must be a port number');
    expect(errors.some((e) => e.startsWith('models[0].price.input'))).toBe(true);
    expect(errors.some((e) => e.startsWith('ledger:'))).toBe(true);
  });

  it('refuses budgets the stores cannot count exactly at start-up, by path (they used to fail every request with a 500)', () => {
    const errors = errorsOf(() =>
      parseConfig(
        `projects:\n  big: { budgets: [{ unit: usd, window: month, limit: 20000 }, { unit: tokens, window: day, limit: 1e17 }] }\nsessions:\n  budgets: [{ unit: tokens, window: total, limit: 1000, soft: 2.5 }]\n`,
        {},
      ),
    );
    expect(errors).toEqual([
      'projects.big.budgets[0].limit: must be at most 9007.19 USD per window',
      'projects.big.budgets[1].limit: a token budget must be a whole number below 2^53',
      'sessions.budgets[0].soft: a token threshold must be a whole number',
    ]);
    expect(parseConfig(`projects:\n  ok: { budgets: [{ unit: usd, window: month, limit: 9007.19 }] }\n`, {}).projects.ok!.budgets[0]!.limit).toBe(9007.19);
    expect(errorsOf(() => parseConfig(`projects:\n  tiny: { budgets: [{ unit: usd, window: day, limit: 0.0000001 }] }\n`, {}))).toEqual(['projects.tiny.budgets[0].limit: must be at least 0.000001 USD']);
  });

  it('refuses two budgets of one unit and window in a list (every matching request used to fail with a 500)', () => {
    expect(
      errorsOf(() =>
        parseConfig(
          `sessions:\n  budgets: [{ unit: usd, window: day, limit: 2 }, { unit: usd, window: day, limit: 1, mode: soft }]\nprojects:\n  p: { budgets: [{ unit: tokens, window: hour, limit: 5 }, { unit: usd, window: hour, limit: 1 }, { unit: tokens, window: hour, limit: 9 }] }\n`,
          {},
        ),
      ),
    ).toEqual(['projects.p.budgets[2]: duplicate budget: budgets[0] already limits tokens per hour', 'sessions.budgets[1]: duplicate budget: budgets[0] already limits usd per day']);
  });

  it('finds no route or project under Object.prototype names', () => {
    const c = parseConfig(`routes:\n  r: { targets: [a] }\n`, {});
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(c.routes[name]).toBeUndefined();
  });

  it('rejects unknown keys and unknown presets', () => {
    expect(errorsOf(() => parseConfig(`providerz: {}\n`, {}))[0]).toMatch(/providerz/);
    expect(errorsOf(() => parseConfig(`providers:\n  x: { preset: nonesuch }\n`, {}))[0]).toMatch(/^providers\.x\.preset: unknown preset/);
    expect(errorsOf(() => parseConfig(`providers:\n  x: { base_url: https://a.example }\n`, {}))[0]).toMatch(/^providers\.x\.protocol/);
  });

  it('is frozen after loading', () => {
    const c = parseConfig(`providers:\n  deepseek: { preset: deepseek }\n`, {});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.providers.deepseek)).toBe(true);
    expect(() => {
      (c as { baseline: string }).baseline = 'x';
    }).toThrow();
  });

  it('builds providers from the environment when there is no file', () => {
    const c = loadConfig(undefined, { DEEPSEEK_API_KEY: 'sk-ds', ANTHROPIC_API_KEY: 'sk-ant' });
    expect(c.sandbox).toBe(false);
    expect(Object.keys(c.providers).sort()).toEqual(['anthropic', 'deepseek']);
    expect(c.providers.anthropic!.apiKey).toBe('sk-ant');
  });

  it('falls back to sandbox mode with no file and no keys, bound to the emulator later', () => {
    const c = loadConfig(undefined, {});
    expect(c.sandbox).toBe(true);
    const bound = bindSandbox(c, 'http://127.0.0.1:9');
    expect(bound.providers.deepseek!.baseUrl).toBe('http://127.0.0.1:9/deepseek/v1');
    expect(bound.providers.anthropic!.baseUrl).toBe('http://127.0.0.1:9/anthropic');
  });

  it('parses routes and model_map in file order', () => {
    const c = parseConfig(`providers:\n  deepseek: { preset: deepseek }\nroutes:\n  cheap: { targets: [deepseek-chat] }\nmodel_map:\n  "claude-*-haiku-*": cheap\n  "claude-sonnet-4-5": deepseek-chat\n`, {});
    expect(c.routes.cheap).toMatchObject({ strategy: 'fallback', targets: ['deepseek-chat'] });
    expect(c.modelMap.map((m) => m.pattern)).toEqual(['claude-*-haiku-*', 'claude-sonnet-4-5']);
  });

  it('resolves router weights and calibration against the config file; absolute paths stay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
    const file = join(dir, 'switchyard.yaml');
    writeFileSync(file, 'providers:\n  deepseek: { preset: deepseek, api_key: k }\nrouter:\n  weights: router/w.json\n  calibration: /abs/cal.json\n');
    const c = loadConfig(file, {});
    expect(c.routerWeights).toBe(join(dir, 'router/w.json'));
    expect(c.routerCalibration).toBe('/abs/cal.json');
    // parsed text without a file keeps the paths as written
    expect(parseConfig('router:\n  calibration: cal.json\n', {}).routerCalibration).toBe('cal.json');
  });
});

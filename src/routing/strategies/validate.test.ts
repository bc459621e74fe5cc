import { describe, expect, it } from 'vitest';
import { Router } from '../plan.js';
import { ModelRegistry } from '../registry.js';
import { createStrategies } from './create-strategies.js';
import { markerScorer, TEST_CATALOG, testConfig, testRouter } from './fixtures.testkit.js';

function errorsOf(routes: string, scorer: boolean | 'broken' = true): string[] {
  const config = testConfig(routes);
  const registry = new ModelRegistry(TEST_CATALOG, config);
  const deps =
    scorer === 'broken'
      ? {
          scorer: () => {
            throw new Error('cannot read router weights /nope.json: ENOENT');
          },
        }
      : scorer
        ? { scorer: markerScorer() }
        : {};
  return new Router(registry, config, createStrategies(deps)).validate();
}

describe('route option validation at start-up (router.validate)', () => {
  it('accepts valid routes of every strategy', () => {
    expect(
      errorsOf(`
  a: { targets: [cheap-cn], jurisdictions: { allow: [EU, US], deny: [cn] } }
  b: { strategy: cheapest, targets: [cheap-cn, big-us], expected_cache_hit: 0.5, output_ratio: 0.3, max_fallbacks: 1 }
  c: { strategy: auto, cheap: [cheap-cn], premium: big-us, quality: 0.5, score_on: task }
  d: { strategy: cascade, cheap: cheap-cn, premium: [big-us], validators: [json], buffer_streams: true }
  e: { strategy: rules, rules: [{ when: { tools: true }, target: c }, { target: [a, big-us] }], default: d }
`),
    ).toEqual([]);
  });

  it('reports each bad option by its path', () => {
    expect(
      errorsOf(`
  smart: { strategy: auto, cheap: [cheap-cn], premium: big-us, quality: 1.5 }
  both: { strategy: auto, cheap: [cheap-cn], premium: big-us, quality: 0.5, threshold: 0.5 }
  missing: { strategy: auto, cheap: cheap-cn }
  cheap: { strategy: cheapest, targets: [cheap-cn], expected_cache_hit: -1, output_ratio: "x" }
  casc: { strategy: cascade, cheap: cheap-cn, premium: big-us, validators: [json, magic] }
  rul: { strategy: rules, rules: [{ when: { last_user_matches: "(unclosed", colour: red }, target: big-us }] }
  geo: { targets: [cheap-cn], jurisdictions: { allow: [Mars] } }
`),
    ).toEqual([
      'routes.smart.quality: must be between 0 and 1',
      'routes.both.threshold: set quality or threshold, not both',
      'routes.missing.premium: is required (a model or route name, or a list of them)',
      'routes.cheap.expected_cache_hit: must be between 0 and 1',
      'routes.cheap.output_ratio: must be a number >= 0 (output tokens per input token)',
      'routes.casc.validators[1]: must be one of json, tool_args, non_empty, not_truncated',
      'routes.rul.rules[0].when.last_user_matches: invalid regular expression: /(unclosed/: Unterminated group',
      'routes.rul.rules[0].when.colour: unknown option for strategy rules',
      'routes.geo.jurisdictions.allow[0]: must be an ISO 3166 country code (GB for the United Kingdom), local, unknown or EU',
    ]);
  });

  it('reports a degrade_to or a rate-limited model that names nothing (they used to start, then 404 or limit nothing)', () => {
    const config = testConfig(
      `  a: { targets: [cheap-cn] }
`,
      `projects:
  p: { budgets: [{ unit: usd, window: day, limit: 1, mode: degrade, soft: 0.5, degrade_to: nope }] }
` +
        `sessions:
  budgets: [{ unit: usd, window: day, limit: 1, mode: degrade, soft: 0.5, degrade_to: a }]
` +
        `rate_limits:
  models: { cheap-cn: { rpm: 5 }, nope-model: { rpm: 5 } }
`,
    );
    expect(new Router(new ModelRegistry(TEST_CATALOG, config), config, createStrategies({})).validate()).toEqual([
      'projects.p.budgets[0].degrade_to: unknown model or route "nope"',
      'rate_limits.models.nope-model: unknown model "nope-model" (limits apply to the model ids that serve requests)',
    ]);
  });

  it('refuses a cascade route among several targets, where it would be flattened and lose its validation', () => {
    expect(
      errorsOf(`
  careful: { strategy: cascade, cheap: cheap-cn, premium: big-us }
  alone: { targets: [careful] }
  tiered: { strategy: auto, cheap: careful, premium: big-us }
  chain: { targets: [careful, big-us] }
  mixed: { strategy: auto, cheap: [careful, eu-small], premium: big-us }
  cheap: { strategy: cheapest, targets: [careful] }
`),
    ).toEqual([
      'routes.chain.targets: cascade route "careful" cannot be one of several targets (its validation would be lost); name it alone, or as a rules target',
      'routes.mixed.cheap: cascade route "careful" cannot be one of several targets (its validation would be lost); name it alone, or as a rules target',
      'routes.cheap.targets: cascade route "careful" cannot be one of several targets (its validation would be lost); name it alone, or as a rules target',
    ]);
  });

  it('keeps a single nested route\'s whole plan: a cascade under fallback or auto still validates, its decision shows', () => {
    const config = testConfig(`
  careful: { strategy: cascade, cheap: cheap-cn, premium: big-us }
  alone: { targets: [careful] }
  tiered: { strategy: auto, cheap: careful, premium: eu-small, quality: 0.5 }
`);
    const router = new Router(new ModelRegistry(TEST_CATALOG, config), config, createStrategies({ scorer: markerScorer() }));
    const req = (model: string, text = 'hi [[0.01]]') => ({ model, messages: [{ role: 'user' as const, content: text }], response_format: { type: 'json_object' as const } });
    const alone = router.plan(req('alone'));
    expect(alone.cascade?.escalate.map((m) => m.modelId)).toEqual(['big-us']);
    expect(alone.decision).toMatch(/^fallback -> careful \(cascade cheap-cn/);
    expect(alone.route).toBe('alone');
    const tiered = router.plan(req('tiered'));
    expect(tiered.cascade?.escalate.map((m) => m.modelId)).toEqual(['big-us']);
    expect(tiered.decision).toMatch(/^auto score=0\.010 < [0-9.]+ -> cheap -> careful \(cascade cheap-cn/);
    expect(tiered.score).toBe(0.01);
    expect(tiered.targets.map((m) => m.modelId)).toEqual(['cheap-cn', 'eu-small']);
    // through a wrapper route too (fallback of one route that is a fallback of the cascade)
    const wrapped = testConfig(`
  careful: { strategy: cascade, cheap: cheap-cn, premium: big-us }
  wrap: { targets: [careful] }
  wrap2: { targets: [wrap] }
  listed: { targets: [wrap2, eu-small] }
`);
    const wrouter = new Router(new ModelRegistry(TEST_CATALOG, wrapped), wrapped, createStrategies({ scorer: markerScorer() }));
    expect(wrouter.plan(req('wrap2')).cascade?.escalate.map((m) => m.modelId)).toEqual(['big-us']);
    expect(wrouter.validate()).toEqual([
      'routes.listed.targets: route "wrap2" leads to a cascade, which cannot be one of several targets (its validation would be lost); name it alone, or as a rules target',
    ]);
    const hard = router.plan(req('tiered', 'hi [[0.99]]'));
    expect(hard.cascade).toBeUndefined();
    expect(hard.targets.map((m) => m.modelId)).toEqual(['eu-small', 'cheap-cn']);
  });

  it('reports unknown model and route names in strategy options', () => {
    expect(
      errorsOf(`
  smart: { strategy: auto, cheap: [cheap-cn, nope], premium: big-us }
  rul: { strategy: rules, rules: [{ target: ghost }], default: phantom }
`),
    ).toEqual(['routes.smart.cheap: unknown model or route "nope"', 'routes.rul.rules[0].target: unknown model or route "ghost"', 'routes.rul.default: unknown model or route "phantom"']);
  });

  it('reports options a strategy does not use, and a fallback route with strategy options', () => {
    expect(
      errorsOf(`
  smart: { strategy: auto, targets: [big-us], cheap: cheap-cn, premium: big-us }
  typo: { targets: [cheap-cn], cheap: [cheap-cn] }
  empty: { strategy: cheapest }
`),
    ).toEqual([
      'routes.smart.targets: not used by strategy auto (use cheap and premium)',
      'routes.typo.cheap: unknown option for strategy fallback',
      'routes.empty.targets: a cheapest route needs at least one target',
    ]);
  });

  it('reports route cycles once', () => {
    expect(
      errorsOf(`
  a: { strategy: rules, rules: [{ target: b }], default: cheap-cn }
  b: { targets: [c] }
  c: { strategy: auto, cheap: a, premium: big-us }
`),
    ).toEqual(['routes.a: route cycle a -> b -> c -> a']);
  });

  it('fails start-up when an auto route has no scorer or its weights do not load', () => {
    const route = `  smart: { strategy: auto, cheap: cheap-cn, premium: big-us }\n`;
    expect(errorsOf(route, false)).toEqual(['routes.smart.strategy: auto needs the difficulty scorer (router weights), and none was given']);
    expect(errorsOf(route, 'broken')).toEqual(['routes.smart.strategy: auto cannot load the difficulty scorer: cannot read router weights /nope.json: ENOENT']);
  });

  it('keeps reporting unknown strategies', () => {
    expect(errorsOf(`  x: { strategy: magic, targets: [cheap-cn] }\n`)).toEqual(['routes.x.strategy: unknown strategy "magic" (known: fallback, cheapest, auto, rules, cascade)']);
  });

  it('loads a lazy scorer once, on first use', () => {
    let loads = 0;
    const config = testConfig(`  smart: { strategy: auto, cheap: cheap-cn, premium: big-us }\n`);
    const router = new Router(new ModelRegistry(TEST_CATALOG, config), config, createStrategies({ scorer: () => (loads++, markerScorer()) }));
    expect(loads).toBe(0);
    router.validate();
    router.plan({ model: 'smart', messages: [{ role: 'user', content: 'x' }] });
    expect(loads).toBe(1);
  });

  it('plans a route with a header-unsafe decision safely', () => {
    const router = testRouter(testConfig(`  r: { strategy: rules, rules: [{ name: "caf\u00e9\\n", target: big-us }] }\n`));
    expect(router.plan({ model: 'r', messages: [{ role: 'user', content: 'x' }] }).decision).toBe('rule caf?? -> big-us');
  });
});

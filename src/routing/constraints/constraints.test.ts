import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { ids, req, testConfig, testRouter } from '../strategies/fixtures.testkit.js';
import { codeFor, describeExclusions, NoEligibleModelError } from './error.js';
import { expandCodes, jurisdictionViolation, makePolicy, parseJurisdictionHeader } from './jurisdiction.js';
import { isModelAllowed } from './allowed-models.js';
import type { Exclusion } from './types.js';

const router = testRouter(
  testConfig(`
  all: { targets: [cheap-cn, mid-cn, big-us, eu-small, no-tools] }
  pair: { targets: [cheap-cn, big-us] }
  us: { targets: [cheap-cn, big-us], jurisdictions: { allow: [US] } }
  nested: { targets: [us, eu-small] }
  small: { targets: [cheap-cn] }
  with-orphan: { targets: [orphan, cheap-cn] }
`),
);

function thrown(fn: () => unknown): NoEligibleModelError {
  try {
    fn();
  } catch (err) {
    if (err instanceof NoEligibleModelError) return err;
    throw err;
  }
  throw new Error('expected a NoEligibleModelError');
}

const image = [{ role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'https://x/y.png' } }] }];

describe('constraints in a fallback route', () => {
  it('keeps every target, in order, when nothing constrains the request', () => {
    const plan = router.plan(req('all'));
    expect(ids(plan)).toEqual(['cheap-cn', 'mid-cn', 'big-us', 'eu-small', 'no-tools']);
    expect(plan.decision).toBe('fallback cheap-cn > mid-cn > big-us > eu-small > no-tools');
    expect(plan.excluded).toBeUndefined();
  });

  it('drops a model whose context window cannot hold input + max_tokens, and says so', () => {
    const plan = router.plan(req('pair', 'hi', { max_tokens: 4_000 }), { inputTokens: 61_000 });
    expect(ids(plan)).toEqual(['big-us']);
    expect(plan.decision).toBe('fallback big-us; dropped cheap-cn (context)');
    expect(plan.excluded).toEqual([{ modelId: 'cheap-cn', reason: 'context', detail: '~61000 + 4000 output tokens > 64000 window' }]);
  });

  it('keeps a model whose output limit is below max_tokens (it is sent its limit), and fits the context with that', () => {
    // Claude Code asks 32000 of every model; cheap-cn stops at 8192 and has a 64k window
    const plan = router.plan(req('pair', 'hi', { max_tokens: 32_000 }), { inputTokens: 50_000 });
    expect(ids(plan)).toEqual(['cheap-cn', 'big-us']);
    expect(plan.excluded).toBeUndefined();
    const full = router.plan(req('pair', 'hi', { max_tokens: 32_000 }), { inputTokens: 60_000 });
    expect(full.excluded).toEqual([{ modelId: 'cheap-cn', reason: 'context', detail: '~60000 + 8192 output tokens > 64000 window' }]);
  });

  it('drops models without tool calling when the request has tools (unless tool_choice is none)', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    const plan = router.plan(req('all', 'hi', { tools }));
    expect(plan.excluded).toEqual([{ modelId: 'no-tools', reason: 'tools', detail: 'no tool calling' }]);
    expect(router.plan(req('all', 'hi', { tools, tool_choice: 'none' })).excluded).toBeUndefined();
  });

  it('drops models without vision when the request has an image', () => {
    const plan = router.plan({ model: 'all', messages: image });
    expect(ids(plan)).toEqual(['mid-cn', 'big-us']);
    expect(plan.excluded?.map((x) => x.reason)).toEqual(['vision', 'vision', 'vision']);
  });

  it('drops models without JSON mode for json_object and json_schema', () => {
    for (const response_format of [{ type: 'json_object' as const }, { type: 'json_schema' as const, json_schema: { name: 's' } }]) {
      const plan = router.plan(req('all', 'hi', { response_format }));
      expect(plan.excluded).toEqual([{ modelId: 'mid-cn', reason: 'json', detail: 'no JSON mode' }]);
    }
  });

  it("drops models outside the key's allowed list (ids, globs and regexes)", () => {
    expect(ids(router.plan(req('all'), { allowedModels: ['big-us', 'eu-*'] }))).toEqual(['big-us', 'eu-small']);
    expect(ids(router.plan(req('all'), { allowedModels: [/^cheap-/] }))).toEqual(['cheap-cn']);
    expect(router.plan(req('pair'), { allowedModels: ['big-us'] }).excluded).toEqual([{ modelId: 'cheap-cn', reason: 'key_models', detail: 'not allowed for this key' }]);
  });

  it('lets a key allowed a route use whatever that route chooses', () => {
    expect(ids(router.plan(req('pair'), { allowedModels: ['pair'] }))).toEqual(['cheap-cn', 'big-us']);
  });

  it("applies the key's jurisdiction lists", () => {
    expect(ids(router.plan(req('all'), { jurisdictions: { deny: ['CN'] } }))).toEqual(['big-us', 'eu-small', 'no-tools']);
    expect(ids(router.plan(req('all'), { jurisdictions: { allow: ['EU'] } }))).toEqual(['eu-small']);
  });

  it('applies the route jurisdiction lists, and nested routes inherit them', () => {
    const plan = router.plan(req('us'));
    expect(ids(plan)).toEqual(['big-us']);
    expect(plan.excluded).toEqual([{ modelId: 'cheap-cn', reason: 'jurisdiction', detail: 'CN not allowed by route us' }]);
    expect(ids(router.plan(req('nested')))).toEqual(['big-us', 'eu-small']);
  });

  it('applies x-switchyard-jurisdictions, which can only narrow the key and route lists', () => {
    expect(ids(router.plan(req('all'), { headers: { 'x-switchyard-jurisdictions': '!CN, !FR' } }))).toEqual(['big-us', 'no-tools']);
    const err = thrown(() => router.plan(req('us'), { headers: { 'x-switchyard-jurisdictions': 'FR' } }));
    expect(err.message).toContain('big-us (jurisdiction: US not allowed by header)');
    expect(err.message).toContain('cheap-cn (jurisdiction: CN not allowed by route us)');
  });

  it('drops unhealthy models, judged by the healthy() callback', () => {
    const plan = router.plan(req('pair'), { healthy: (id) => id !== 'cheap-cn' });
    expect(ids(plan)).toEqual(['big-us']);
    expect(plan.decision).toBe('fallback big-us; dropped cheap-cn (unhealthy)');
  });

  it('skips targets whose provider is not configured, as before', () => {
    expect(ids(router.plan(req('with-orphan')))).toEqual(['cheap-cn']);
    expect(router.plan(req('with-orphan')).decision).toBe('fallback cheap-cn');
  });
});

describe('failing closed', () => {
  it('throws SY_ERR_NO_ELIGIBLE_MODEL listing every model and its reason', () => {
    const err = thrown(() => router.plan(req('pair'), { allowedModels: ['cheap-cn'], headers: {}, jurisdictions: { deny: ['CN', 'US'] } }));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.code).toBe('SY_ERR_NO_ELIGIBLE_MODEL');
    expect(err.status).toBe(400);
    expect(err.message).toBe('no eligible model for route "pair": cheap-cn (jurisdiction: CN denied by key), big-us (key_models: not allowed for this key)');
  });

  it('refuses with 403 when only the key\'s model list stands in the way', () => {
    const err = thrown(() => router.plan(req('pair'), { allowedModels: ['eu-small'], headers: {}, jurisdictions: { deny: ['US'] } }));
    expect(err.code).toBe('SY_ERR_FORBIDDEN');
    expect(err.status).toBe(403);
    expect(err.message).toBe('no eligible model for route "pair": cheap-cn (key_models: not allowed for this key), big-us (key_models: not allowed for this key)');
  });

  it('says context_length_exceeded when only size stops the allowed models (agents compact on it)', () => {
    const err = thrown(() => router.plan(req('small'), { inputTokens: 70_000 }));
    expect(err.code).toBe('SY_ERR_CONTEXT_LENGTH');
    expect(err.wireCode).toBe('context_length_exceeded');
  });

  it('answers 503 when the only qualifying models are unhealthy', () => {
    const err = thrown(() => router.plan(req('pair'), { healthy: () => false }));
    expect(err.code).toBe('SY_ERR_UPSTREAM_UNAVAILABLE');
    expect(err.status).toBe(503);
  });

  it('holds a directly named model to policy only: the upstream decides about size', () => {
    expect(ids(router.plan(req('cheap-cn'), { inputTokens: 500_000, healthy: () => false }))).toEqual(['cheap-cn']);
    const err = thrown(() => router.plan(req('cheap-cn'), { jurisdictions: { deny: ['CN'] } }));
    expect(err.message).toBe('no eligible model for model "cheap-cn": cheap-cn (jurisdiction: CN denied by key)');
  });

  it('drops ineligible request models[] entries instead of failing the request', () => {
    const plan = router.plan(req('big-us', 'hi', { models: ['cheap-cn', 'eu-small'] }), { jurisdictions: { deny: ['CN'] } });
    expect(ids(plan)).toEqual(['big-us', 'eu-small']);
    expect(plan.decision).toBe('model big-us; request models[] adds 1 (1 ineligible)');
  });

  it('rejects a malformed jurisdiction header with a 400', () => {
    expect(() => router.plan(req('all'), { headers: { 'x-switchyard-jurisdictions': 'US,Mars' } })).toThrow(/x-switchyard-jurisdictions: "Mars" is not a jurisdiction/);
  });
});

describe('constraint helpers', () => {
  it('expands EU and upper-cases codes', () => {
    expect(expandCodes(['eu']).length).toBe(27);
    expect(expandCodes(['us', 'local'])).toEqual(['US', 'LOCAL']);
  });

  it('parses allow and deny entries from the header', () => {
    expect(parseJurisdictionHeader('US, FR !CN -RU')).toEqual({ source: 'header', allow: ['US', 'FR'], deny: ['CN', 'RU'] });
    expect(parseJurisdictionHeader(undefined)).toBeUndefined();
    expect(parseJurisdictionHeader('')).toBeUndefined();
  });

  it('fails an allow list closed for an unknown jurisdiction', () => {
    expect(jurisdictionViolation('unknown', [makePolicy('key', ['US'])!])).toBe('UNKNOWN not allowed by key');
    expect(jurisdictionViolation('US', [makePolicy('key', undefined, ['CN'])!])).toBeUndefined();
  });

  it('matches allowed models by id, glob and regex; undefined allows everything', () => {
    expect(isModelAllowed('gpt-5', undefined)).toBe(true);
    expect(isModelAllowed('gpt-5', ['gpt-*'])).toBe(true);
    expect(isModelAllowed('gpt-5', [/^claude/])).toBe(false);
  });

  it('picks the error code from what stopped the models the policy allowed', () => {
    const x = (reason: Exclusion['reason']): Exclusion => ({ modelId: reason, reason, detail: '' });
    expect(codeFor([x('context'), x('jurisdiction')])).toBe('SY_ERR_CONTEXT_LENGTH');
    expect(codeFor([x('context'), x('tools')])).toBe('SY_ERR_NO_ELIGIBLE_MODEL');
    expect(codeFor([x('unhealthy'), x('context')])).toBe('SY_ERR_UPSTREAM_UNAVAILABLE');
    expect(codeFor([x('jurisdiction')])).toBe('SY_ERR_NO_ELIGIBLE_MODEL');
  });

  it('lists at most a dozen models in an error message', () => {
    const many = Array.from({ length: 15 }, (_, i): Exclusion => ({ modelId: `m${i}`, reason: 'tools', detail: 'no tool calling' }));
    expect(describeExclusions(many)).toMatch(/m11 \(tools: no tool calling\) and 3 more$/);
  });
});

import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { compileRegex } from './regex.js';
import { ids, req, testConfig, testRouter } from './fixtures.testkit.js';

const config = testConfig(`
  smart: { strategy: auto, cheap: cheap-cn, premium: big-us, quality: 0.5 }
  careful: { strategy: cascade, cheap: cheap-cn, premium: big-us }
  by-task:
    strategy: rules
    rules:
      - { name: eu, when: { headers: { X-Team: [eu, fr] } }, target: eu-small }
      - { name: structured, when: { response_format: json }, target: careful }
      - { name: tools-long, when: { tools: true, min_input_tokens: 2000 }, target: big-us }
      - { when: { last_user_matches: "(?i)\\\\b(prove|refactor)\\\\b" }, target: smart }
      - { name: tagged, when: { metadata: { tier: [gold, platinum] } }, target: [big-us, mid-cn] }
      - { name: key, when: { key: key-1, project: proj-a }, target: mid-cn }
      - { name: haiku, when: { model: "claude-*-haiku-*" }, target: eu-small }
      - { name: small, when: { max_input_tokens: 10, stream: false }, target: no-tools }
      - { name: images, when: { vision: true }, target: mid-cn }
    default: cheap-cn
  strict:
    strategy: rules
    rules:
      - { name: json-only, when: { response_format: json_object }, target: mid-cn }
      - { name: json-fallback, when: { response_format: json_object }, target: big-us }
  no-default:
    strategy: rules
    rules:
      - { when: { tools: true }, target: big-us }
`, `model_map:\n  "claude-*": by-task\n`);

const router = testRouter(config);
const tools = [{ type: 'function' as const, function: { name: 'f' } }];

describe('rules strategy', () => {
  it('routes by header (names case-insensitive, any listed value)', () => {
    const plan = router.plan(req('by-task'), { headers: { 'x-team': 'fr' } });
    expect(plan.decision).toBe('rule eu -> eu-small');
    expect(plan.route).toBe('by-task');
  });

  it('routes by response_format to another route, keeping its decision and cascade', () => {
    const plan = router.plan(req('by-task', 'hi', { response_format: { type: 'json_schema', json_schema: { name: 'x' } } }));
    expect(plan.decision).toBe('rule structured -> careful (cascade cheap-cn -> big-us if json,tool_args,non_empty,not_truncated fails)');
    expect(plan.cascade?.escalate.map((m) => m.modelId)).toEqual(['big-us']);
  });

  it('needs every condition of a rule (AND): tools alone is not enough', () => {
    expect(router.plan(req('by-task', 'hi', { tools }), { inputTokens: 1_999 }).decision).toBe('rules default -> cheap-cn');
    expect(router.plan(req('by-task', 'hi', { tools }), { inputTokens: 2_000 }).decision).toBe('rule tools-long -> big-us');
  });

  it('matches the last user message with a case-insensitive regex and hands over to an auto route', () => {
    const plan = router.plan({ model: 'by-task', messages: [{ role: 'user', content: 'REFACTOR this [[0.9]]' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'please Refactor it' }] });
    expect(plan.decision).toBe('rule #4 -> smart (auto score=0.500 >= 0.500 -> premium)');
    expect(plan.score).toBe(0.5);
    expect(router.plan(req('by-task', 'refactoring is fine')).decision).toBe('rules default -> cheap-cn');
  });

  it('matches request metadata, and a rule target list is a fallback chain', () => {
    const plan = router.plan(req('by-task', 'hi', { metadata: { tier: 'gold' } }));
    expect(plan.decision).toBe('rule tagged -> big-us > mid-cn');
    expect(ids(plan)).toEqual(['big-us', 'mid-cn']);
  });

  it('matches key and project together', () => {
    const long = 'a request of ordinary length';
    expect(router.plan(req('by-task', long), { keyId: 'key-1', project: 'proj-a' }).decision).toBe('rule key -> mid-cn');
    expect(router.plan(req('by-task', long), { keyId: 'key-1', project: 'proj-b' }).decision).toBe('rules default -> cheap-cn');
  });

  it('matches the model name the client sent, before model_map', () => {
    expect(router.plan(req('claude-3-5-haiku-latest')).decision).toBe('rule haiku -> eu-small');
  });

  it('matches estimated size and stream', () => {
    expect(router.plan(req('by-task', 'x')).decision).toBe('rule small -> no-tools');
    expect(router.plan(req('by-task', 'x', { stream: true })).decision).toBe('rules default -> cheap-cn');
  });

  it('matches image input', () => {
    const plan = router.plan({ model: 'by-task', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/a.png' } }, { type: 'text', text: 'what is this? '.repeat(10) }] }] });
    expect(plan.decision).toBe('rule images -> mid-cn');
  });

  it('moves on to the next matching rule when a target has no eligible model', () => {
    const plan = router.plan(req('strict', 'hi', { response_format: { type: 'json_object' } }));
    expect(plan.decision).toBe('rule json-fallback (rule json-only ineligible) -> big-us; dropped mid-cn (json)');
  });

  it('fails closed when no rule matches and there is no default', () => {
    try {
      router.plan(req('no-default'));
      expect.unreachable();
    } catch (err) {
      expect((err as GatewayError).code).toBe('SY_ERR_NO_ELIGIBLE_MODEL');
      expect((err as Error).message).toBe('no rule of route "no-default" matches this request and the route has no default');
    }
  });

  it('fails closed listing the exclusions when every matching target is ineligible', () => {
    expect(() => router.plan(req('no-default', 'x', { tools }), { jurisdictions: { allow: ['FR'] } })).toThrow(
      'no eligible model for route "no-default": big-us (jurisdiction: US not allowed by key)',
    );
  });
});

describe('config regexes', () => {
  it('turns a leading (?i) into a flag and accepts /pattern/flags', () => {
    expect(compileRegex('(?i)abc').flags).toBe('i');
    expect(compileRegex('(?is)a.c').test('A\nC')).toBe(true);
    expect(compileRegex('/x+/i').test('XX')).toBe(true);
    expect(compileRegex('plain').test('plain text')).toBe(true);
  });

  it('explains an invalid expression', () => {
    expect(() => compileRegex('(unclosed')).toThrow(/^invalid regular expression: /);
  });
});

import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, ResponseMessage } from '../../spec/chat.js';
import { cascadeOutcome, escalationPlan } from './cascade-escalate.js';
import { validateForCascade } from './cascade-validators.js';
import { ids, req, testConfig, testRouter } from './fixtures.testkit.js';

const router = testRouter(
  testConfig(`
  careful: { strategy: cascade, cheap: [cheap-cn, eu-small], premium: [big-us, mid-cn], validators: [json, not_truncated] }
  buffered: { strategy: cascade, cheap: cheap-cn, premium: big-us, buffer_streams: true }
`),
);

function response(message: Partial<ResponseMessage>, finishReason: ChatResponse['finishReason'] = 'stop'): ChatResponse {
  return {
    id: 'r',
    model: 'm',
    created: 0,
    message: { role: 'assistant', content: null, ...message },
    finishReason,
    usage: { input: 1, cacheRead: 0, cacheWrite: 0, output: 1, reasoning: 0 },
  };
}

describe('cascade strategy', () => {
  it('plans the cheap chain and describes the escalation', () => {
    const plan = router.plan(req('careful'));
    expect(ids(plan)).toEqual(['cheap-cn', 'eu-small']);
    expect(plan.tier).toBe('cheap');
    expect(plan.cascade?.validators).toEqual(['json', 'not_truncated']);
    expect(plan.cascade?.escalate.map((m) => m.modelId)).toEqual(['big-us', 'mid-cn']);
    expect(plan.cascade?.bufferStream).toBe(false);
    expect(plan.decision).toBe('cascade cheap-cn -> big-us if json,not_truncated fails');
  });

  it('defaults to all four validators', () => {
    expect(router.plan(req('buffered')).cascade?.validators).toEqual(['json', 'tool_args', 'non_empty', 'not_truncated']);
  });

  it('serves an unbuffered stream from the cheap chain, premium as a plain fallback, unvalidated', () => {
    const plan = router.plan(req('careful', 'hi', { stream: true }));
    expect(plan.cascade).toBeUndefined();
    expect(ids(plan)).toEqual(['cheap-cn', 'eu-small', 'big-us', 'mid-cn']);
    expect(plan.decision).toBe('cascade stream unbuffered -> cheap-cn unvalidated');
  });

  it('validates a stream when the route allows buffering', () => {
    expect(router.plan(req('buffered', 'hi', { stream: true })).cascade?.bufferStream).toBe(true);
  });

  it('goes straight to premium when no cheap model is eligible', () => {
    const plan = router.plan(req('careful'), { jurisdictions: { allow: ['US'] } });
    expect(plan.cascade).toBeUndefined();
    expect(ids(plan)).toEqual(['big-us']);
    expect(plan.decision).toMatch(/^cascade cheap ineligible -> premium big-us; dropped cheap-cn \(jurisdiction\)/);
  });

  it('builds the escalation plan with the reason in the decision', () => {
    const plan = router.plan(req('careful', 'hi', { response_format: { type: 'json_object' } }), { jurisdictions: { deny: ['FR'] } });
    const outcome = cascadeOutcome(plan, req('careful', 'hi', { response_format: { type: 'json_object' } }), response({ content: 'Sure! {"a":1}' }));
    expect(outcome.escalate).toBe(true);
    if (!outcome.escalate) return;
    expect(ids(outcome.plan)).toEqual(['big-us']);
    expect(outcome.plan.tier).toBe('premium');
    expect(outcome.plan.cascade).toBeUndefined();
    expect(outcome.plan.decision).toMatch(/^cascade cheap-cn -> big-us if json,not_truncated fails; dropped eu-small \(jurisdiction\), mid-cn \(json\); escalated: json content: invalid JSON/);
    expect(cascadeOutcome(plan, req('careful'), response({ content: '{"a":1}' }))).toEqual({ escalate: false });
    expect(() => escalationPlan(router.plan(req('cheap-cn')), { ok: false, validator: 'json', reason: 'x' })).toThrow(/no cascade/);
  });
});

describe('validateForCascade', () => {
  const all = ['json', 'tool_args', 'non_empty', 'not_truncated'] as const;
  const weather: ChatRequest = {
    model: 'x',
    messages: [],
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { enum: ['C', 'F'] } }, required: ['city'], additionalProperties: false },
        },
      },
    ],
  };
  const call = (args: string, name = 'get_weather') => response({ tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: args } }] }, 'tool_calls');

  it('accepts a plain answer', () => {
    expect(validateForCascade(req('x'), response({ content: 'Hello!' }), all)).toEqual({ ok: true });
  });

  it('fails json_object content that is not a JSON object', () => {
    const r = req('x', 'hi', { response_format: { type: 'json_object' } });
    expect(validateForCascade(r, response({ content: '```json\n{}\n```' }), all)).toMatchObject({ ok: false, validator: 'json' });
    expect(validateForCascade(r, response({ content: '[1,2]' }), all)).toEqual({ ok: false, validator: 'json', reason: 'content: not a JSON object' });
    expect(validateForCascade(r, response({ content: ' {"ok": true} ' }), all)).toEqual({ ok: true });
  });

  it('checks json_schema output against the schema', () => {
    const r = req('x', 'hi', {
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema: { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] } } },
    });
    expect(validateForCascade(r, response({ content: '{"age": 4.5}' }), all)).toEqual({
      ok: false,
      validator: 'json',
      reason: 'content does not match schema person: $.age: expected integer, got number',
    });
    expect(validateForCascade(r, response({ content: '{"age": 4}' }), all)).toEqual({ ok: true });
  });

  it('fails tool calls whose arguments do not parse or do not match the schema', () => {
    expect(validateForCascade(weather, call('{"city": "Paris"'), all)).toMatchObject({ ok: false, validator: 'tool_args', reason: expect.stringMatching(/^get_weather arguments: invalid JSON/) });
    expect(validateForCascade(weather, call('{}'), all)).toEqual({ ok: false, validator: 'tool_args', reason: 'get_weather arguments: $.city: is required' });
    expect(validateForCascade(weather, call('{"city":"Paris","unit":"K"}'), all)).toEqual({ ok: false, validator: 'tool_args', reason: 'get_weather arguments: $.unit: "K" is not one of ["C","F"]' });
    expect(validateForCascade(weather, call('{"city":"Paris","when":"now"}'), all)).toEqual({ ok: false, validator: 'tool_args', reason: 'get_weather arguments: $.when: unexpected property' });
    expect(validateForCascade(weather, call('{"city":"Paris"}', 'get_time'), all)).toEqual({ ok: false, validator: 'tool_args', reason: 'call of unknown tool get_time' });
    expect(validateForCascade(weather, call('{"city":"Paris","unit":"C"}'), all)).toEqual({ ok: true });
  });

  it('does not apply the json check to a tool call', () => {
    const r = { ...weather, response_format: { type: 'json_object' as const } };
    expect(validateForCascade(r, call('{"city":"Paris"}'), all)).toEqual({ ok: true });
  });

  it('fails empty and refused answers', () => {
    expect(validateForCascade(req('x'), response({ content: '  ' }), all)).toEqual({ ok: false, validator: 'non_empty', reason: 'empty answer' });
    expect(validateForCascade(req('x'), response({ content: null, refusal: 'No.' }), all)).toEqual({ ok: false, validator: 'non_empty', reason: 'refused' });
    expect(validateForCascade(req('x'), response({ content: "I'm sorry, but I can't help with that." }), all)).toEqual({ ok: false, validator: 'non_empty', reason: 'refused' });
    expect(validateForCascade(req('x'), response({ content: 'x' }, 'content_filter'), all)).toEqual({ ok: false, validator: 'non_empty', reason: 'content filtered' });
    const long = `I'm sorry, but I can't help with that in one line. ${'Here is a long explanation instead. '.repeat(20)}`;
    expect(validateForCascade(req('x'), response({ content: long }), all)).toEqual({ ok: true });
  });

  it('fails a truncated answer, reporting truncation before the JSON error it causes', () => {
    const r = req('x', 'hi', { response_format: { type: 'json_object' } });
    expect(validateForCascade(r, response({ content: '{"a": [1, 2' }, 'length'), all)).toEqual({ ok: false, validator: 'not_truncated', reason: 'finish_reason length' });
  });

  it('runs only the validators it is given', () => {
    expect(validateForCascade(req('x'), response({ content: '' }, 'length'), ['json'])).toEqual({ ok: true });
  });
});

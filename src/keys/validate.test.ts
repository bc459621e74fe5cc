import { describe, expect, it } from 'vitest';
import { KeyValidationError, MAX_USD_LIMIT, parseKeyInput, parseKeyPatch } from './validate.js';

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof KeyValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a KeyValidationError');
}

describe('parseKeyInput', () => {
  it('normalises a valid definition: trimmed labels, budgets always present, unset fields absent', () => {
    expect(parseKeyInput({ project: ' alpha ', rate_limits: {} })).toEqual({ project: 'alpha', budgets: [] });
    expect(parseKeyInput({ project: 'a', budgets: [{ unit: 'usd', window: 'total', limit: 0.5, mode: undefined }] })).toEqual({
      project: 'a',
      budgets: [{ unit: 'usd', window: 'total', limit: 0.5 }],
    });
  });

  it.each([
    [{ unit: 'usd', window: 'week', limit: 1 }, 'budgets[0].window: must be one of minute, hour, day, month, total'],
    [{ unit: 'eur', window: 'day', limit: 1 }, 'budgets[0].unit: must be one of usd, tokens'],
    [{ unit: 'usd', window: 'day', limit: 0 }, 'budgets[0].limit: must be > 0'],
    [{ unit: 'usd', window: 'day', limit: -3 }, 'budgets[0].limit: must be > 0'],
    [{ unit: 'usd', window: 'day', limit: '5' }, 'budgets[0].limit: must be a number'],
    [{ unit: 'usd', window: 'day', limit: Number.POSITIVE_INFINITY }, 'budgets[0].limit: must be a number'],
    [{ unit: 'usd', window: 'day', limit: MAX_USD_LIMIT * 2 }, `budgets[0].limit: must be at most ${MAX_USD_LIMIT} USD per window`],
    // below a micro-dollar every request is refused and errors would show a $0 budget
    [{ unit: 'usd', window: 'total', limit: 1e-7 }, 'budgets[0].limit: must be at least 0.000001 USD'],
    [{ unit: 'tokens', window: 'day', limit: 10.5 }, 'budgets[0].limit: must be a whole number of tokens'],
    [{ unit: 'usd', window: 'day', limit: 1, mode: 'degrade' }, 'budgets[0].mode: must be one of hard, soft'],
    [{ unit: 'usd', window: 'day', limit: 1, extra: true }, 'budgets[0]: Unrecognized key: "extra"'],
    [{ unit: 'usd', window: 'day' }, 'budgets[0].limit: must be a number'],
  ])('rejects budget %j with %s', (budget, message) => {
    expect(issues(() => parseKeyInput({ project: 'p', budgets: [budget] }))).toEqual([message]);
  });

  it('reports every problem at once, with its path', () => {
    expect(
      issues(() =>
        parseKeyInput({
          project: '  ',
          name: 'a\nb',
          allowed_models: [],
          budgets: [{ unit: 'usd', window: 'day', limit: 1 }, { unit: 'usd', window: 'day', limit: 2 }],
          rate_limits: { rpm: 1.5, rps: 3 },
          metadata: { team: 7 },
          owner: 'x',
        }),
      ),
    ).toEqual([
      'project: must not be empty',
      'name: must not contain control characters',
      'allowed_models: must list at least one model (leave it out to allow every model)',
      'budgets[1]: duplicate budget: budgets[0] already limits usd per day',
      'rate_limits.rpm: must be a whole number > 0',
      'rate_limits: Unrecognized key: "rps"',
      'metadata.team: must be a string',
      '(key): Unrecognized key: "owner"',
    ]);
  });

  it('rejects what is not an object', () => {
    expect(issues(() => parseKeyInput(null))).toEqual(['(key): must be an object']);
    expect(issues(() => parseKeyInput({ project: 'p', budgets: {} }))).toEqual(['budgets: must be a list of budgets']);
  });
});

describe('parseKeyPatch', () => {
  it('keeps null (remove) apart from absent (unchanged), and turns empty rate limits into null', () => {
    expect(parseKeyPatch({ name: null, allowed_models: null, metadata: null })).toEqual({ name: null, allowed_models: null, metadata: null });
    expect(parseKeyPatch({ rate_limits: {} })).toEqual({ rate_limits: null });
    expect(parseKeyPatch({})).toEqual({});
  });

  it('refuses to remove the project, and validates budgets like input', () => {
    expect(issues(() => parseKeyPatch({ project: null }))).toEqual(['project: must be a string']);
    expect(issues(() => parseKeyPatch({ budgets: [{ unit: 'usd', window: 'year', limit: 1 }] }))).toEqual([
      'budgets[0].window: must be one of minute, hour, day, month, total',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePerToken, perTokenToPerMillion, roundPrice } from './units.js';

describe('price units', () => {
  it('converts USD per token to USD per 1M tokens without float noise', () => {
    expect(4e-7 * 1e6).toBe(0.39999999999999997); // the noise this module exists to remove
    expect(perTokenToPerMillion(4e-7)).toBe(0.4);
    expect(perTokenToPerMillion(0.0000032)).toBe(3.2);
    expect(perTokenToPerMillion(2.5e-8)).toBe(0.025);
    expect(perTokenToPerMillion(2.8e-7)).toBe(0.28);
    expect(perTokenToPerMillion(4.2e-7)).toBe(0.42);
    expect(perTokenToPerMillion(0.00000375)).toBe(3.75);
    expect(perTokenToPerMillion(3.625e-9)).toBe(0.003625);
    expect(perTokenToPerMillion(2.8e-9)).toBe(0.0028);
    expect(perTokenToPerMillion(0.000015)).toBe(15);
  });

  it('keeps zero and large prices exact', () => {
    expect(perTokenToPerMillion(0)).toBe(0);
    expect(perTokenToPerMillion(0.00006)).toBe(60);
    expect(roundPrice(168.00000000000003)).toBe(168);
  });

  it('parses OpenRouter decimal strings and rejects non-numbers', () => {
    expect(parsePerToken('0.000000071')).toBe(7.1e-8);
    expect(perTokenToPerMillion(parsePerToken('0.000000071') ?? NaN)).toBe(0.071);
    expect(parsePerToken('-1')).toBe(-1);
    expect(parsePerToken('')).toBeUndefined();
    expect(parsePerToken('n/a')).toBeUndefined();
    expect(parsePerToken(null)).toBeUndefined();
  });
});

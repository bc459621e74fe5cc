import { describe, expect, it } from 'vitest';
import type { Usage } from '../spec/chat.js';
import type { Price } from '../spec/provider.js';
import { costPico, formatUsd, formatUsdFixed, parseUsd, picoToUsd, pricePerTokenPico, usdToPico } from './money.js';

const usage = (u: Partial<Usage>): Usage => ({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, ...u });

/** Independent oracle: a decimal price string to pico per token, by string arithmetic only. */
function oraclePerToken(price: string): bigint {
  const [whole = '0', frac = ''] = price.split('.');
  return BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

/** Deterministic xorshift, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('pricePerTokenPico', () => {
  it.each([
    [0.27, 270_000],
    [0.07, 70_000],
    [1.1, 1_100_000],
    [0.028, 28_000],
    [3.75, 3_750_000],
    [15, 15_000_000],
    [0.000001, 1],
    [0, 0],
  ])('$%s per 1M tokens is %i pico per token', (usd, pico) => {
    expect(pricePerTokenPico(usd)).toBe(pico);
  });

  it('is exact for every price with up to 6 decimals (a million random prices up to $1,000 per 1M)', () => {
    const random = rng(7);
    for (let i = 0; i < 1_000_000; i++) {
      const micro = Math.floor(random() * 1e9);
      const price = Number((micro / 1e6).toFixed(6)); // the double a config or catalog parse yields
      if (pricePerTokenPico(price) !== micro) throw new Error(`price ${price}: ${pricePerTokenPico(price)} != ${micro}`);
    }
  });

  it('rejects negative and non-finite prices', () => {
    expect(() => pricePerTokenPico(-1)).toThrow(RangeError);
    expect(() => pricePerTokenPico(Number.NaN)).toThrow(RangeError);
  });
});

describe('costPico', () => {
  it('bills DeepSeek cache hits at the cache price (V3.2: $0.28 miss, $0.028 hit, $0.42 output)', () => {
    const price: Price = { input: 0.28, cacheRead: 0.028, output: 0.42 };
    const cost = costPico(usage({ input: 1000, cacheRead: 9000, output: 500 }), price);
    expect(cost).toBe(1000 * 280_000 + 9000 * 28_000 + 500 * 420_000);
    expect(formatUsd(cost)).toBe('0.000742');
  });

  it('bills Anthropic cache writes and reads (Sonnet 4.5: $3 / $15, read $0.30, write $3.75)', () => {
    const price: Price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
    const cost = costPico(usage({ input: 200, cacheRead: 10_000, cacheWrite: 2000, output: 800, reasoning: 300 }), price);
    expect(formatUsd(cost)).toBe('0.0231');
  });

  it('bills 1-hour cache writes at their own price (Sonnet 4.5: $3.75 for 5 minutes, $6 for 1 hour)', () => {
    const price: Price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 };
    // 2,000 written, 1,500 of them with ttl 1h
    const cost = costPico(usage({ cacheWrite: 2000, cacheWrite1h: 1500 }), price);
    expect(cost).toBe(500 * 3_750_000 + 1500 * 6_000_000);
    // without a 1-hour price they cost the 5-minute one (the old behaviour), never less
    expect(costPico(usage({ cacheWrite: 2000, cacheWrite1h: 1500 }), { ...price, cacheWrite1h: undefined })).toBe(2000 * 3_750_000);
  });

  it('bills reasoning as part of output, never twice', () => {
    const price: Price = { input: 1, output: 4 };
    expect(costPico(usage({ output: 1000, reasoning: 900 }), price)).toBe(costPico(usage({ output: 1000 }), price));
  });

  it('falls back to the input price for cache tokens when the model has no cache price', () => {
    const price: Price = { input: 0.5, output: 1.5 };
    expect(costPico(usage({ cacheRead: 10, cacheWrite: 10 }), price)).toBe(costPico(usage({ input: 20 }), price));
  });

  it('equals the exact decimal arithmetic for a million random requests at real prices', () => {
    const prices = [
      { input: '0.28', cacheRead: '0.028', output: '0.42' },
      { input: '3', cacheRead: '0.3', cacheWrite: '3.75', output: '15' },
      { input: '0.15', cacheRead: '0.075', output: '0.6' },
      { input: '1.25', cacheRead: '0.125', output: '10' },
      { input: '0.6', cacheRead: '0.15', output: '2.5' },
    ];
    const exact = prices.map((p) => ({
      input: oraclePerToken(p.input),
      cacheRead: oraclePerToken(p.cacheRead ?? p.input),
      cacheWrite: oraclePerToken(p.cacheWrite ?? p.input),
      output: oraclePerToken(p.output),
    }));
    const asPrice = prices.map((p) => {
      const price: Price = { input: Number(p.input), output: Number(p.output) };
      if (p.cacheRead) price.cacheRead = Number(p.cacheRead);
      if (p.cacheWrite) price.cacheWrite = Number(p.cacheWrite);
      return price;
    });
    const random = rng(99);
    let sum = 0n;
    let oracle = 0n;
    let floatUsd = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const o = exact[i % prices.length]!;
      const u = usage({
        input: Math.floor(random() * 50_000),
        cacheRead: Math.floor(random() * 100_000),
        cacheWrite: Math.floor(random() * 5_000),
        output: Math.floor(random() * 8_000),
      });
      const cost = costPico(u, asPrice[i % prices.length]!);
      sum += BigInt(cost);
      floatUsd += cost / 1e12;
      oracle += BigInt(u.input) * o.input + BigInt(u.cacheRead) * o.cacheRead + BigInt(u.cacheWrite) * o.cacheWrite + BigInt(u.output) * o.output;
    }
    expect(sum).toBe(oracle);
    // What this module exists to prevent: the same sum in float dollars drifts.
    expect(floatUsd.toString()).not.toBe(formatUsd(oracle));
  });

  it('rejects token counts that are not non-negative integers', () => {
    const price: Price = { input: 1, output: 1 };
    expect(() => costPico(usage({ input: -1 }), price)).toThrow(/usage.input/);
    expect(() => costPico(usage({ output: 1.5 }), price)).toThrow(/usage.output/);
  });

  it('refuses a cost beyond 2^53 pico rather than rounding it', () => {
    expect(() => costPico(usage({ output: 10_000_000 }), { input: 1, output: 1_000 })).toThrow(RangeError);
  });
});

describe('formatUsd', () => {
  it.each([
    [0, '0'],
    [1, '0.000000000001'],
    [123_456_000, '0.000123456'],
    [1_000_000_000_000, '1'],
    [1_500_000_000_000, '1.5'],
    [-1_500_000_000_000, '-1.5'],
    [-1, '-0.000000000001'],
    [Number.MAX_SAFE_INTEGER, '9007.199254740991'],
    [2n ** 70n, '1180591620.717411303424'],
  ] as [number | bigint, string][])('formats %s pico as %s', (pico, text) => {
    expect(formatUsd(pico)).toBe(text);
    expect(parseUsd(text)).toBe(BigInt(pico));
  });

  it('rejects pico amounts that are not exact integers', () => {
    expect(() => formatUsd(0.5)).toThrow(RangeError);
    expect(() => formatUsd(2 ** 60)).toThrow(RangeError);
  });
});

describe('formatUsdFixed', () => {
  it.each([
    [500_000, 6, '0.000001'],
    [499_999, 6, '0.000000'],
    [-500_000, 6, '-0.000001'],
    [-499_999, 6, '0.000000'],
    [1_234_567_890_123, 2, '1.23'],
    [1_995_000_000_000, 2, '2.00'],
    [1_000_000_000_000, 0, '1'],
    [123, 12, '0.000000000123'],
  ])('rounds %i pico to %i decimals as %s', (pico, decimals, text) => {
    expect(formatUsdFixed(pico, decimals)).toBe(text);
  });
});

describe('picoToUsd and usdToPico', () => {
  it('gives the double nearest to the exact amount', () => {
    expect(picoToUsd(742_000_000)).toBe(0.000742);
    expect(picoToUsd(123_456n)).toBe(1.23456e-7);
    expect(picoToUsd(2n ** 70n)).toBe(1180591620.717411303424);
  });

  it('converts configured USD amounts to pico', () => {
    expect(usdToPico(0.1)).toBe(100_000_000_000);
    expect(usdToPico(1234.56)).toBe(1_234_560_000_000_000);
    expect(() => usdToPico(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

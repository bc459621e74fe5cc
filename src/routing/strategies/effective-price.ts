/**
 * The effective price of a model for a request mix, in USD per 1M input tokens, output included:
 *
 *   eff = (1 - h) * input + h * cache_read + r * output
 *
 * h = expected share of input read from the provider's prompt cache (cache_read falls back to the input
 * price), r = expected output tokens per input token. Cache writes are priced as plain input.
 */
import type { Price } from '../../spec/provider.js';

export interface PriceMix {
  /** Expected cache-hit share of input tokens, 0..1. */
  cacheHit: number;
  /** Expected output tokens per input token, >= 0. */
  outputRatio: number;
}

export function effectivePrice(price: Price, mix: PriceMix): number {
  return (1 - mix.cacheHit) * price.input + mix.cacheHit * (price.cacheRead ?? price.input) + mix.outputRatio * price.output;
}

/** `$0.1234/M`, four significant digits. */
export function formatPerMillion(usd: number): string {
  return `$${Number(usd.toPrecision(4))}/M`;
}

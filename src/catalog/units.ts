/**
 * Price unit conversion. Sources publish USD per token (LiteLLM as numbers, OpenRouter as decimal
 * strings); the catalog stores USD per 1M tokens, the unit providers quote on their pricing pages.
 */

/**
 * Significant digits kept after conversion. Multiplying a binary float by 1e6 leaves noise in the last
 * bits (4e-7 * 1e6 = 0.39999999999999997); 10 significant digits drop that noise while keeping every
 * real price exact (the finest published prices, e.g. 0.003625, need 4).
 */
export const PRICE_SIGNIFICANT_DIGITS = 10;

/** Rounds a USD-per-1M price to `PRICE_SIGNIFICANT_DIGITS` significant digits. */
export function roundPrice(usdPerMillion: number): number {
  if (usdPerMillion === 0) return 0;
  return Number(usdPerMillion.toPrecision(PRICE_SIGNIFICANT_DIGITS));
}

/** USD per token -> USD per 1M tokens, rounded. */
export function perTokenToPerMillion(usdPerToken: number): number {
  return roundPrice(usdPerToken * 1e6);
}

/**
 * Parses a per-token price given as a decimal string (OpenRouter) or number. Returns undefined for
 * anything that is not a finite number, so callers decide whether a missing price skips the model.
 */
export function parsePerToken(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Exact money arithmetic.
 *
 * The unit is the pico-dollar (1e-12 USD), held in JS numbers for one request (integers are exact up to
 * 2^53 pico = $9,007.19) and in BigInt for sums over many requests. Catalog prices are USD per 1M tokens,
 * so one token costs `usdPerMillion * 1e6` pico: any price with at most 6 decimals (exact to 1e-6 USD per
 * 1M tokens, far finer than any published price) becomes an exact integer per token, and every cost after
 * that is integer multiplication: no float error can accumulate.
 */
import type { Usage } from '../spec/chat.js';
import type { Price } from '../spec/provider.js';

/** Pico-dollars in one US dollar. */
export const PICO_PER_USD = 1_000_000_000_000;
const PICO_PER_USD_BIG = 1_000_000_000_000n;
const FRACTION_DIGITS = 12;

/**
 * The price of one token in pico-USD, from a price in USD per 1M tokens. Exact for prices given to 1e-6 USD
 * per 1M tokens; finer digits are rounded to the nearest integer pico (the rounding also absorbs the float
 * error of decimal prices such as 0.27 * 1e6 = 270000.00000000006).
 */
export function pricePerTokenPico(usdPerMillion: number): number {
  if (!Number.isFinite(usdPerMillion) || usdPerMillion < 0) {
    throw new RangeError(`price must be a finite, non-negative USD amount per 1M tokens, got ${usdPerMillion}`);
  }
  return Math.round(usdPerMillion * 1e6);
}

/** A USD amount (e.g. a configured budget limit) in pico-USD, rounded to the nearest pico. */
export function usdToPico(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`USD amount must be finite, got ${usd}`);
  const pico = Math.round(usd * PICO_PER_USD);
  if (!Number.isSafeInteger(pico)) throw new RangeError(`USD amount ${usd} exceeds the exact range of one request`);
  return pico;
}

/**
 * The exact cost of one request in pico-USD. Cache reads and writes fall back to the input price when the
 * model has no cache price; reasoning is part of `output` and billed at the output rate.
 * Throws a RangeError when a token count is not a non-negative integer or the cost would exceed 2^53 pico
 * ($9,007): returning a rounded number would silently break the exactness every sum relies on.
 */
export function costPico(usage: Usage, price: Price): number {
  const input = pricePerTokenPico(price.input);
  const cost =
    tokens(usage.input, 'input') * input +
    tokens(usage.cacheRead, 'cacheRead') * pricePerTokenPico(price.cacheRead ?? price.input) +
    cacheWriteCost(usage, price) +
    tokens(usage.output, 'output') * pricePerTokenPico(price.output);
  if (!Number.isSafeInteger(cost)) throw new RangeError(`request cost exceeds ${formatUsd(Number.MAX_SAFE_INTEGER)} USD`);
  return cost;
}

function cacheWriteCost(usage: Usage, price: Price): number {
  const all = tokens(usage.cacheWrite, 'cacheWrite');
  const fiveMinute = pricePerTokenPico(price.cacheWrite ?? price.input);
  if (usage.cacheWrite1h === undefined || usage.cacheWrite1h === 0) return all * fiveMinute;
  const hour = Math.min(tokens(usage.cacheWrite1h, 'cacheWrite1h'), all);
  return (all - hour) * fiveMinute + hour * pricePerTokenPico(price.cacheWrite1h ?? price.cacheWrite ?? price.input);
}

function tokens(n: number, field: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`usage.${field} must be a non-negative integer, got ${n}`);
  return n;
}

function toBigPico(pico: number | bigint): bigint {
  if (typeof pico === 'bigint') return pico;
  if (!Number.isSafeInteger(pico)) throw new RangeError(`pico-USD amount must be a safe integer, got ${pico}`);
  return BigInt(pico);
}

/**
 * The exact decimal USD value of a pico amount, without trailing zeros: 123456000 -> "0.000123456",
 * 0 -> "0", -1500000000000 -> "-1.5". Built from integer digits, so no float error can appear.
 */
export function formatUsd(pico: number | bigint): string {
  // Fast path for one request's cost: safe integers divide exactly without BigInt.
  if (typeof pico === 'number' && Number.isSafeInteger(pico) && pico >= 0) {
    const whole = Math.floor(pico / PICO_PER_USD);
    const rest = pico - whole * PICO_PER_USD;
    if (rest === 0) return String(whole);
    return `${whole}.${String(rest).padStart(FRACTION_DIGITS, '0').replace(/0+$/, '')}`;
  }
  const value = toBigPico(pico);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / PICO_PER_USD_BIG).toString();
  const fraction = (abs % PICO_PER_USD_BIG).toString().padStart(FRACTION_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A USD string with exactly `decimals` digits (0..12), rounded half away from zero, for human tables:
 * formatUsdFixed(123456789n, 6) -> "0.000123".
 */
export function formatUsdFixed(pico: number | bigint, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > FRACTION_DIGITS) {
    throw new RangeError(`decimals must be an integer in 0..${FRACTION_DIGITS}, got ${decimals}`);
  }
  const value = toBigPico(pico);
  const negative = value < 0n;
  const step = 10n ** BigInt(FRACTION_DIGITS - decimals);
  const abs = negative ? -value : value;
  const units = (abs + step / 2n) / step; // round half away from zero, in units of 10^-decimals USD
  const scale = 10n ** BigInt(decimals);
  const whole = (units / scale).toString();
  const fraction = decimals > 0 ? `.${(units % scale).toString().padStart(decimals, '0')}` : '';
  return `${negative && units !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** Parses an exact decimal USD string (as `formatUsd` writes it) back to pico-USD. */
export function parseUsd(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,12}))?$/.exec(text);
  if (!match) throw new RangeError(`not an exact USD amount with at most 12 decimals: "${text}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const pico = BigInt(whole) * PICO_PER_USD_BIG + BigInt(fraction.padEnd(FRACTION_DIGITS, '0'));
  return sign === '-' ? -pico : pico;
}

/**
 * USD as a JSON number: the double nearest to the exact value (parsing the exact decimal string is
 * correctly rounded, so even BigInt sums beyond 2^53 lose nothing but the last float bit).
 */
export function picoToUsd(pico: number | bigint): number {
  if (typeof pico === 'number' && Number.isSafeInteger(pico)) return pico / PICO_PER_USD; // exact / exact: correctly rounded
  return Number(formatUsd(pico));
}

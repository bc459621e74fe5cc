/** Tiny guards for reading untrusted wire JSON without `any`. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A token count: a non-negative integer, whatever the wire sent (null, float, negative -> clamped). */
export function toCount(value: unknown): number {
  const n = asNumber(value);
  return n === undefined || n <= 0 ? 0 : Math.trunc(n);
}

/** Like `toCount`, but keeps "absent" distinct from 0 so callers can fall back to another field. */
export function optionalCount(value: unknown): number | undefined {
  const n = asNumber(value);
  return n === undefined ? undefined : n <= 0 ? 0 : Math.trunc(n);
}

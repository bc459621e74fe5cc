/** Errors and guards shared by the Anthropic request validators. Paths use Anthropic's dotted style. */
import { GatewayError } from '../../errors.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A 400 `invalid_request_error` whose message starts with the offending field, as Anthropic's do. */
export function invalid(path: string, message: string): GatewayError {
  return new GatewayError('SY_ERR_INVALID_REQUEST', `${path}: ${message}`, path);
}

/** A 400 for a valid Anthropic feature that Switchyard cannot translate (yet). */
export function unsupported(path: string, message: string): GatewayError {
  return new GatewayError('SY_ERR_UNSUPPORTED_PARAMETER', `${path}: ${message}`, path);
}

export function checkInteger(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(path, 'Input should be a valid integer');
  if (v < min) throw invalid(path, `Input should be greater than or equal to ${min}`);
  return v;
}

export function checkRange(body: Json, key: string, min: number, max: number): void {
  const v = body[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(key, 'Input should be a valid number');
  if (v < min || v > max) throw invalid(key, `Input should be between ${min} and ${max}`);
}

export function checkCacheControl(v: unknown, path: string): void {
  if (v === undefined || v === null) return;
  if (!isObject(v) || v.type !== 'ephemeral') throw invalid(`${path}.type`, "Input should be 'ephemeral'");
  if (v.ttl !== undefined && v.ttl !== '5m' && v.ttl !== '1h') throw invalid(`${path}.ttl`, "Input should be '5m' or '1h'");
}

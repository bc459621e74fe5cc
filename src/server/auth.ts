/**
 * Who is calling. Without `admin_key` the gateway is open (local use, sandbox): any or no token, requests
 * attributed to an anonymous key. With it, every request needs a valid virtual key (or the admin key);
 * a wrong key gets the same 401 whatever was wrong with it.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Config, RateLimitConfig } from '../config/types.js';
import { GatewayError } from '../errors.js';
import type { BudgetSpec, Principal } from '../gateway/budget-guard.js';
import { globToRegExp } from '../routing/model-map.js';
import type { JurisdictionLists } from '../routing/constraints/types.js';

/** The parts of a virtual key the request path needs. */
export interface KeyInfo {
  id: string;
  project: string;
  budgets?: readonly BudgetSpec[];
  rate_limits?: RateLimitConfig;
  allowed_models?: readonly string[];
  jurisdictions?: JurisdictionLists;
}

export interface KeyVerifier {
  verify(secret: string): Promise<KeyInfo | null>;
}

export interface Caller extends Principal {
  admin: boolean;
  /** Models, routes or globs this key may use; undefined = any. */
  allowed?: RegExp[];
  /** The key's jurisdiction lists; undefined = anywhere. */
  jurisdictions?: KeyInfo['jurisdictions'];
}

/** `Authorization: Bearer X` or `x-api-key: X` (the Anthropic convention). */
export function credentialOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey.trim() : null;
}

export function isAdminSecret(config: Config, secret: string | null): boolean {
  if (!config.adminKey || !secret) return false;
  const a = Buffer.from(secret);
  const b = Buffer.from(config.adminKey);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Longest session or project id accepted: a longer one is refused, never cut (cut ids would merge). */
const MAX_ID_LENGTH = 200;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The header's bytes as UTF-8; bytes that are not UTF-8 keep their latin1 reading (never merged into U+FFFD). */
function utf8OrRaw(raw: string): string {
  try {
    return STRICT_UTF8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    return raw;
  }
}

/**
 * A session or project id from its header. Node reads header bytes as latin1; clients send UTF-8, so
 * `café` arrives as `cafÃ©` unless decoded back (ASCII ids, the usual case, are returned as they are).
 */
function header(req: IncomingMessage, name: string): string | null {
  const raw = req.headers[name];
  if (typeof raw !== 'string' || !raw) return null;
  const ascii = !/[^\x00-\x7f]/.test(raw);
  const v = ascii ? raw : utf8OrRaw(raw);
  const length = ascii ? v.length : [...v].length;
  if (length > MAX_ID_LENGTH) throw new GatewayError('SY_ERR_INVALID_REQUEST', `${name}: at most ${MAX_ID_LENGTH} characters, got ${length}`, name);
  return v;
}

const allowedCache = new WeakMap<readonly string[], RegExp[]>();

export async function authenticate(req: IncomingMessage, config: Config, keys: KeyVerifier | null): Promise<Caller> {
  const session = header(req, 'x-switchyard-session');
  if (!config.adminKey) {
    return { admin: false, keyId: null, project: header(req, 'x-switchyard-project'), session };
  }
  const secret = credentialOf(req);
  if (isAdminSecret(config, secret)) return { admin: true, keyId: 'admin', project: header(req, 'x-switchyard-project'), session };
  const key = secret && keys ? await keys.verify(secret) : null;
  if (!key) throw new GatewayError('SY_ERR_UNAUTHORIZED', 'invalid or missing API key', null);
  const caller: Caller = { admin: false, keyId: key.id, project: key.project, session };
  if (key.budgets) caller.keyBudgets = key.budgets;
  if (key.rate_limits) caller.keyRateLimits = key.rate_limits;
  if (key.allowed_models && key.allowed_models.length > 0) {
    let compiled = allowedCache.get(key.allowed_models);
    if (!compiled) {
      compiled = key.allowed_models.map(globToRegExp);
      allowedCache.set(key.allowed_models, compiled);
    }
    caller.allowed = compiled;
  }
  if (key.jurisdictions) caller.jurisdictions = key.jurisdictions;
  return caller;
}

/** Building key records: a new key from validated input, a patched key, and freezing what stores return. */
import { displayPrefix, generateKeyId, generateSecret, hashSecret } from './secret.js';
import type { KeyPatch, VirtualKey } from './types.js';
import { parseKeyInput, parseKeyPatch } from './validate.js';

export interface NewKey {
  key: VirtualKey;
  secret: string;
  /** SHA-256 of the secret: the only form a store keeps. */
  hash: string;
}

/** Validates `input` (throws KeyValidationError) and mints an id and a secret for it. */
export function newKey(input: unknown, now: number = Date.now()): NewKey {
  const fields = parseKeyInput(input);
  const secret = generateSecret();
  const key: VirtualKey = { id: generateKeyId(), prefix: displayPrefix(secret), created_at: now, ...fields };
  return { key: freezeKey(key), secret, hash: hashSecret(secret) };
}

/** The key with a validated patch applied (`null` removes a field). */
export function applyPatch(key: VirtualKey, patch: KeyPatch): VirtualKey {
  const p = parseKeyPatch(patch);
  const next: VirtualKey = { ...key };
  if (p.project !== undefined) next.project = p.project;
  if (p.budgets !== undefined) next.budgets = p.budgets;
  setOrDelete(next, 'name', p.name);
  setOrDelete(next, 'allowed_models', p.allowed_models);
  setOrDelete(next, 'rate_limits', p.rate_limits);
  setOrDelete(next, 'metadata', p.metadata);
  setOrDelete(next, 'jurisdictions', p.jurisdictions);
  return freezeKey(next);
}

type Optional = 'name' | 'allowed_models' | 'rate_limits' | 'metadata' | 'jurisdictions';

function setOrDelete<K extends Optional>(key: VirtualKey, field: K, value: VirtualKey[K] | null | undefined): void {
  if (value === undefined) return;
  if (value === null) delete key[field];
  else key[field] = value;
}

/**
 * Freezes the key and everything in it: keys are shared by the cache across requests, and a frozen
 * `allowed_models` array keeps its identity, so its compiled matcher is reused.
 */
export function freezeKey(key: VirtualKey): VirtualKey {
  return deepFreeze(key);
}

/** Freezes plain data (objects and arrays, any depth): a key is shared by every request made with it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export type { BudgetMode, BudgetUnit, BudgetWindow, CreatedKey, KeyBudget, KeyInput, KeyPatch, KeyRateLimits, KeyStore, KeyVerifier, ListKeysQuery, VirtualKey } from './types.js';
export { BUDGET_MODES, BUDGET_UNITS, BUDGET_WINDOWS } from './types.js';
export { KeyValidationError, MAX_USD_LIMIT, parseKeyInput, parseKeyPatch } from './validate.js';
export { generateSecret, hashSecret, looksLikeSecret } from './secret.js';
export { KeyCache, DEFAULT_KEY_CACHE_TTL_MS, type KeyCacheOptions } from './cache.js';
export { openKeyStore, type OpenKeyStoreOptions } from './open.js';

/**
 * The hot-path key lookup: `verify` answers from memory when it can, so an authenticated request costs a
 * SHA-256 and a Map lookup, not a database query.
 *
 * The bound: a change made through any instance (or the CLI) is seen by every instance within `ttlMs`
 * (2 s by default) of being committed. An entry expires `ttlMs` after its lookup *started*, and a caller
 * only joins a lookup in flight that started less than `ttlMs` ago, so no answer older than `ttlMs` is ever
 * served, however slow the store is. Unknown and revoked secrets are remembered too (`negativeTtlMs`, 2 s
 * by default), so a client retrying with a revoked key does not hit the store on every request, and a key
 * created elsewhere may be refused for that long if the same secret was tried before it existed (which a
 * random secret makes practically impossible). Changes made through this wrapper drop the affected
 * entries at once, so they take effect immediately on this instance.
 *
 * Malformed secrets are refused without a lookup. Store errors are passed on and never cached.
 * Entries are keyed by the secret's hash, never by the secret; the oldest are evicted beyond `maxEntries`.
 */
import { hashSecret, looksLikeSecret } from './secret.js';
import type { CreatedKey, KeyInput, KeyPatch, KeyStore, ListKeysQuery, VirtualKey } from './types.js';

export interface KeyCacheOptions {
  /** How long a verified key is served from memory: the bound on how late a revocation is seen. */
  ttlMs?: number;
  /** How long an unknown or revoked secret is remembered as such. */
  negativeTtlMs?: number;
  /** Entries at most (the oldest go first). */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export const DEFAULT_KEY_CACHE_TTL_MS = 2000;

interface Entry {
  key: VirtualKey | null;
  expires: number;
}

interface Lookup {
  promise: Promise<VirtualKey | null>;
  started: number;
}

export class KeyCache implements KeyStore {
  readonly kind: string;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly lookups = new Map<string, Lookup>();
  /** Bumped by every change made through this wrapper: a lookup started before it is not cached. */
  private generation = 0;

  constructor(private readonly store: KeyStore, options: KeyCacheOptions = {}) {
    this.kind = store.kind;
    this.ttlMs = options.ttlMs ?? DEFAULT_KEY_CACHE_TTL_MS;
    this.negativeTtlMs = options.negativeTtlMs ?? this.ttlMs;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Entries held (expired ones included until they are touched or evicted). */
  get size(): number {
    return this.entries.size;
  }

  verify(secret: string): Promise<VirtualKey | null> {
    if (!looksLikeSecret(secret)) return Promise.resolve(null);
    const hash = hashSecret(secret);
    const now = this.now();
    const entry = this.entries.get(hash);
    if (entry !== undefined) {
      if (entry.expires > now) return Promise.resolve(entry.key);
      this.entries.delete(hash);
    }
    const pending = this.lookups.get(hash);
    if (pending !== undefined && now - pending.started < this.ttlMs) return pending.promise;

    const generation = this.generation;
    const lookup: Lookup = { started: now, promise: Promise.resolve(null) };
    lookup.promise = this.store.verify(secret).then(
      (key) => {
        if (this.lookups.get(hash) === lookup) this.lookups.delete(hash);
        if (generation === this.generation) this.remember(hash, key, now);
        return key;
      },
      (error: unknown) => {
        if (this.lookups.get(hash) === lookup) this.lookups.delete(hash);
        throw error;
      },
    );
    this.lookups.set(hash, lookup);
    return lookup.promise;
  }

  /** Forgets everything cached (the next verify of each secret asks the store). */
  clear(): void {
    this.entries.clear();
    this.lookups.clear();
    this.generation += 1;
  }

  create(input: KeyInput): Promise<CreatedKey> {
    return this.store.create(input); // a new secret is in no entry (unless tried before: see negativeTtlMs)
  }

  get(id: string): Promise<VirtualKey | null> {
    return this.store.get(id);
  }

  list(query?: ListKeysQuery): Promise<VirtualKey[]> {
    return this.store.list(query);
  }

  async update(id: string, patch: KeyPatch): Promise<VirtualKey | null> {
    const key = await this.store.update(id, patch);
    this.forget(id);
    return key;
  }

  async revoke(id: string): Promise<VirtualKey | null> {
    const key = await this.store.revoke(id);
    this.forget(id);
    return key;
  }

  close(): Promise<void> {
    this.clear();
    return this.store.close();
  }

  private remember(hash: string, key: VirtualKey | null, started: number): void {
    const ttl = key === null ? this.negativeTtlMs : this.ttlMs;
    if (ttl <= 0) return;
    this.entries.delete(hash); // re-insert at the end: Map order is eviction order
    this.entries.set(hash, { key, expires: started + ttl });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Drops the entries of one key and invalidates lookups in flight. */
  private forget(id: string): void {
    this.generation += 1;
    this.lookups.clear();
    for (const [hash, entry] of this.entries) if (entry.key?.id === id) this.entries.delete(hash);
  }
}

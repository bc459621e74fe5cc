/**
 * Keys in process memory: for `ledger: none` and tests. Nothing survives a restart and nothing is shared
 * with other instances.
 */
import { applyPatch, freezeKey, newKey } from './record.js';
import { hashesEqual, hashSecret, looksLikeSecret } from './secret.js';
import type { CreatedKey, KeyInput, KeyPatch, KeyStore, ListKeysQuery, VirtualKey } from './types.js';

interface Entry {
  key: VirtualKey;
  hash: string;
}

export class MemoryKeyStore implements KeyStore {
  readonly kind = 'memory';
  private readonly byId = new Map<string, Entry>();
  private readonly idByHash = new Map<string, string>();

  async create(input: KeyInput): Promise<CreatedKey> {
    const { key, secret, hash } = newKey(input);
    this.byId.set(key.id, { key, hash });
    this.idByHash.set(hash, key.id);
    return { key, secret };
  }

  async get(id: string): Promise<VirtualKey | null> {
    return this.byId.get(id)?.key ?? null;
  }

  async list(query: ListKeysQuery = {}): Promise<VirtualKey[]> {
    return [...this.byId.values()]
      .map((e) => e.key)
      .filter((k) => (query.project === undefined || k.project === query.project) && (query.includeRevoked === true || k.revoked_at === undefined));
  }

  async update(id: string, patch: KeyPatch): Promise<VirtualKey | null> {
    const entry = this.byId.get(id);
    if (entry === undefined) return null;
    entry.key = applyPatch(entry.key, patch);
    return entry.key;
  }

  async revoke(id: string, now: number = Date.now()): Promise<VirtualKey | null> {
    const entry = this.byId.get(id);
    if (entry === undefined) return null;
    if (entry.key.revoked_at === undefined) entry.key = freezeKey({ ...entry.key, revoked_at: now });
    return entry.key;
  }

  async verify(secret: string): Promise<VirtualKey | null> {
    if (!looksLikeSecret(secret)) return null;
    const hash = hashSecret(secret);
    const id = this.idByHash.get(hash);
    const entry = id === undefined ? undefined : this.byId.get(id);
    if (entry === undefined || !hashesEqual(entry.hash, hash) || entry.key.revoked_at !== undefined) return null;
    return entry.key;
  }

  async close(): Promise<void> {}
}

/**
 * The behaviour every key store must show, as one vitest suite run against memory, SQLite and PostgreSQL.
 * Test-only code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from './secret.js';
import type { KeyInput, KeyPatch, KeyStore, VirtualKey } from './types.js';
import { KeyValidationError } from './validate.js';

export interface KeyStoreFixture {
  /** Opens a store on this fixture's (fresh) location; each call is a new connection where that exists. */
  open(): KeyStore;
  /** Everything the location holds, as text, to prove no secret is stored. */
  raw?(): Promise<string>;
}

export interface KeyStoreContractOptions {
  /** Two stores opened on one location see each other's changes (not true of memory). */
  shared?: boolean;
}

export function keyStoreContract(name: string, fixture: () => Promise<KeyStoreFixture>, options: KeyStoreContractOptions = {}): void {
  describe(`key store contract: ${name}`, () => {
    const opened: KeyStore[] = [];
    const fresh = async (): Promise<{ store: KeyStore; fx: KeyStoreFixture }> => {
      const fx = await fixture();
      const store = fx.open();
      opened.push(store);
      return { store, fx };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('creates a key: a secret shown once, an id, a display prefix, and the definition as given', async () => {
      const { store } = await fresh();
      const before = Date.now();
      const { key, secret } = await store.create({ project: 'alpha', name: 'ci' });
      expect(secret).toMatch(/^sy-[0-9A-Za-z]{40}$/);
      expect(key).toEqual({ id: expect.stringMatching(/^vk_[0-9A-Za-z]{16}$/), project: 'alpha', name: 'ci', prefix: secret.slice(0, 9), created_at: expect.any(Number), budgets: [] });
      expect(key.created_at).toBeGreaterThanOrEqual(before);
      expect(JSON.stringify(key)).not.toContain(secret);
      expect(await store.get(key.id)).toEqual(key);
    });

    it('keeps every field exactly, and returns frozen keys', async () => {
      const { store } = await fresh();
      const input: KeyInput = {
        project: 'beta',
        allowed_models: ['deepseek-*', 'auto', 'claude-sonnet-4-5'],
        budgets: [
          { unit: 'usd', window: 'day', limit: 12.345678 },
          { unit: 'tokens', window: 'month', limit: 5_000_000, mode: 'soft' },
          { unit: 'usd', window: 'total', limit: 9000, mode: 'hard' },
        ],
        rate_limits: { rpm: 60, tpm: 100_000 },
        metadata: { team: 'search', 'cost-center': '42' },
      };
      const { key, secret } = await store.create(input);
      expect(key).toMatchObject(input);
      expect(await store.get(key.id)).toEqual(key);
      const verified = await store.verify(secret);
      expect(verified).toEqual(key);
      expect(Object.isFrozen(verified)).toBe(true);
      expect(Object.isFrozen(verified?.allowed_models)).toBe(true);
      expect(Object.isFrozen(verified?.budgets[0])).toBe(true);
    });

    it('refuses an invalid definition, naming the field, and stores nothing', async () => {
      const { store } = await fresh();
      const bad = { project: 'alpha', budgets: [{ unit: 'usd', window: 'week', limit: 5 }] } as unknown as KeyInput;
      await expect(store.create(bad)).rejects.toThrow(KeyValidationError);
      await expect(store.create(bad)).rejects.toThrow('budgets[0].window: must be one of minute, hour, day, month, total');
      await expect(store.create({ project: '' })).rejects.toThrow('project: must not be empty');
      expect(await store.list({ includeRevoked: true })).toEqual([]);
    });

    it('verifies a secret to its key; unknown, malformed and near-miss secrets to null', async () => {
      const { store } = await fresh();
      const a = await store.create({ project: 'alpha' });
      const b = await store.create({ project: 'beta' });
      expect((await store.verify(a.secret))?.id).toBe(a.key.id);
      expect((await store.verify(b.secret))?.id).toBe(b.key.id);
      const flipped = a.secret.slice(0, -1) + (a.secret.endsWith('A') ? 'B' : 'A');
      for (const wrong of [flipped, `${a.secret} `, a.secret.toLowerCase() === a.secret ? 'x' : a.secret.toLowerCase(), '', 'sy-', a.key.id, hashSecret(a.secret)]) {
        expect(await store.verify(wrong)).toBeNull();
      }
    });

    it('lists keys oldest first, by project, leaving revoked keys out unless asked', async () => {
      const { store } = await fresh();
      const a = await store.create({ project: 'alpha' });
      const b = await store.create({ project: 'beta' });
      const c = await store.create({ project: 'alpha' });
      await store.revoke(c.key.id);
      const ids = (keys: VirtualKey[]): string[] => keys.map((k) => k.id);
      expect(ids(await store.list())).toEqual([a.key.id, b.key.id]);
      expect(ids(await store.list({ project: 'alpha' }))).toEqual([a.key.id]);
      expect(ids(await store.list({ project: 'alpha', includeRevoked: true }))).toEqual([a.key.id, c.key.id]);
      expect(await store.list({ project: 'nobody' })).toEqual([]);
    });

    it('updates only the fields given; null removes, budgets are replaced, the secret still works', async () => {
      const { store } = await fresh();
      const { key, secret } = await store.create({ project: 'alpha', name: 'old', allowed_models: ['a'], rate_limits: { rpm: 5 }, metadata: { x: '1' }, budgets: [{ unit: 'usd', window: 'day', limit: 1 }] });
      const updated = await store.update(key.id, { name: null, allowed_models: ['b', 'c-*'], budgets: [{ unit: 'tokens', window: 'hour', limit: 1000, mode: 'soft' }], rate_limits: null });
      expect(updated).toEqual({ id: key.id, prefix: key.prefix, created_at: key.created_at, project: 'alpha', allowed_models: ['b', 'c-*'], budgets: [{ unit: 'tokens', window: 'hour', limit: 1000, mode: 'soft' }], metadata: { x: '1' } });
      expect(await store.verify(secret)).toEqual(updated);
      expect(await store.update(key.id, { project: 'gamma', metadata: null, budgets: [] })).toMatchObject({ project: 'gamma', budgets: [] });
      expect((await store.get(key.id))?.metadata).toBeUndefined();
      expect(await store.update(key.id, {})).toEqual(await store.get(key.id));
      expect(await store.update('vk_missing', { name: 'x' })).toBeNull();
    });

    it('keeps jurisdiction lists (codes upper-cased, duplicates dropped), updates and removes them', async () => {
      const { store } = await fresh();
      const { key, secret } = await store.create({ project: 'alpha', jurisdictions: { allow: ['eu', 'US', 'US'], deny: ['local'] } });
      expect(key.jurisdictions).toEqual({ allow: ['EU', 'US'], deny: ['LOCAL'] });
      expect(await store.verify(secret)).toEqual(key);
      expect(Object.isFrozen((await store.verify(secret))?.jurisdictions)).toBe(true);
      expect((await store.update(key.id, { jurisdictions: { deny: ['CN'] } }))?.jurisdictions).toEqual({ deny: ['CN'] });
      expect((await store.get(key.id))?.jurisdictions).toEqual({ deny: ['CN'] });
      expect((await store.update(key.id, { jurisdictions: null }))?.jurisdictions).toBeUndefined();
      expect((await store.get(key.id))?.jurisdictions).toBeUndefined();
      await expect(store.create({ project: 'alpha', jurisdictions: { allow: ['Germany'] } })).rejects.toThrow('jurisdictions.allow[0]: must be an ISO 3166 country code (GB for the United Kingdom), EU, local or unknown');
      await expect(store.create({ project: 'alpha', jurisdictions: {} })).rejects.toThrow('jurisdictions: must allow or deny at least one jurisdiction');
    });

    it('refuses an invalid patch naming the field, and changes nothing', async () => {
      const { store } = await fresh();
      const { key } = await store.create({ project: 'alpha', budgets: [{ unit: 'usd', window: 'day', limit: 1 }] });
      const patch: KeyPatch = { budgets: [{ unit: 'tokens', window: 'day', limit: 1.5 }, { unit: 'tokens', window: 'day', limit: 2 }], rate_limits: { rpm: 0 } };
      const error = await store.update(key.id, patch).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyValidationError);
      expect((error as KeyValidationError).issues).toEqual([
        'budgets[0].limit: must be a whole number of tokens',
        'budgets[1]: duplicate budget: budgets[0] already limits tokens per day',
        'rate_limits.rpm: must be a whole number > 0',
      ]);
      expect(await store.get(key.id)).toEqual(key);
    });

    it('revokes: the secret stops verifying, the key stays visible, and revoking again keeps the first time', async () => {
      const { store } = await fresh();
      const { key, secret } = await store.create({ project: 'alpha' });
      const revoked = await store.revoke(key.id);
      expect(revoked?.revoked_at).toEqual(expect.any(Number));
      expect(await store.verify(secret)).toBeNull();
      expect((await store.get(key.id))?.revoked_at).toBe(revoked?.revoked_at);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await store.revoke(key.id))?.revoked_at).toBe(revoked?.revoked_at);
      expect((await store.update(key.id, { name: 'still revoked' }))?.revoked_at).toBe(revoked?.revoked_at);
      expect(await store.verify(secret)).toBeNull();
      expect(await store.revoke('vk_missing')).toBeNull();
    });

    it('creates many keys at once, each with its own secret', async () => {
      const { store } = await fresh();
      const created = await Promise.all(Array.from({ length: 40 }, (_, i) => store.create({ project: `p${i % 3}` })));
      expect(new Set(created.map((c) => c.secret)).size).toBe(40);
      expect(new Set(created.map((c) => c.key.id)).size).toBe(40);
      const verified = await Promise.all(created.map((c) => store.verify(c.secret)));
      expect(verified.map((k) => k?.id)).toEqual(created.map((c) => c.key.id));
    });

    it('stores the hash of a secret, never the secret', async () => {
      const { store, fx } = await fresh();
      if (fx.raw === undefined) return;
      const { secret } = await store.create({ project: 'alpha', name: 'n' });
      const raw = await fx.raw();
      expect(raw).toContain(hashSecret(secret));
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secret.slice(9)); // nor the part after the display prefix
    });

    it.skipIf(options.shared !== true)('shares keys between stores on one location: creation and revocation', async () => {
      const { store: a, fx } = await fresh();
      const b = fx.open();
      opened.push(b);
      const { key, secret } = await a.create({ project: 'alpha' });
      expect((await b.verify(secret))?.id).toBe(key.id);
      await b.update(key.id, { rate_limits: { rpm: 9 } });
      expect((await a.verify(secret))?.rate_limits).toEqual({ rpm: 9 });
      await b.revoke(key.id);
      expect(await a.verify(secret)).toBeNull();
    });
  });
}

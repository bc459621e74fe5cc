import { describe, expect, it } from 'vitest';
import { KeyCache } from './cache.js';
import { MemoryKeyStore } from './memory.js';
import { generateSecret } from './secret.js';
import type { VirtualKey } from './types.js';

/** A memory store that counts lookups and can hold them until released. */
class SlowStore extends MemoryKeyStore {
  lookups = 0;
  hold = false;
  private waiting: (() => void)[] = [];
  fail: Error | undefined;

  override async verify(secret: string): Promise<VirtualKey | null> {
    this.lookups += 1;
    const answer = await super.verify(secret); // read now: the answer reflects the store at lookup start
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.fail) throw this.fail;
    return answer;
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

function setup(options: { ttlMs?: number; negativeTtlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  const store = new SlowStore();
  const cache = new KeyCache(store, { ...options, now: () => now });
  return { store, cache, advance: (ms: number) => (now += ms) };
}

describe('KeyCache', () => {
  it('answers from memory within the TTL and asks the store again after it', async () => {
    const { store, cache, advance } = setup({ ttlMs: 2000 });
    const { key, secret } = await store.create({ project: 'alpha' });
    expect(await cache.verify(secret)).toEqual(key);
    advance(1999);
    expect(await cache.verify(secret)).toEqual(key);
    expect(store.lookups).toBe(1);
    advance(1);
    expect(await cache.verify(secret)).toEqual(key);
    expect(store.lookups).toBe(2);
  });

  it('sees a revocation made elsewhere within the TTL, never later', async () => {
    const { store, cache, advance } = setup({ ttlMs: 2000 });
    const { key, secret } = await store.create({ project: 'alpha' });
    await cache.verify(secret);
    advance(500);
    await store.revoke(key.id); // another instance (or the CLI) revokes in the shared store
    expect(await cache.verify(secret)).not.toBeNull(); // still cached: within the bound
    advance(1500); // 2000 ms after the lookup started
    expect(await cache.verify(secret)).toBeNull();
  });

  it('counts the TTL from when a lookup started, so a slow store cannot stretch the bound', async () => {
    const { store, cache, advance } = setup({ ttlMs: 2000 });
    const { key, secret } = await store.create({ project: 'alpha' });
    store.hold = true;
    const first = cache.verify(secret);
    advance(1800); // the store takes 1.8 s to answer
    store.release();
    expect(await first).toEqual(key);
    await store.revoke(key.id);
    advance(200); // 2 s after the lookup began: expired even though it was stored 0.2 s ago
    expect(await cache.verify(secret)).toBeNull();
  });

  it('shares one lookup among concurrent callers, but not one older than the TTL', async () => {
    const { store, cache, advance } = setup({ ttlMs: 2000 });
    const { secret } = await store.create({ project: 'alpha' });
    store.hold = true;
    const calls = [cache.verify(secret), cache.verify(secret), cache.verify(secret)];
    expect(store.lookups).toBe(1);
    advance(2000);
    calls.push(cache.verify(secret));
    expect(store.lookups).toBe(2);
    store.release();
    expect((await Promise.all(calls)).every((k) => k !== null)).toBe(true);
  });

  it('remembers unknown and revoked secrets for the negative TTL', async () => {
    const { store, cache, advance } = setup({ ttlMs: 2000, negativeTtlMs: 500 });
    const unknown = generateSecret();
    expect(await cache.verify(unknown)).toBeNull();
    expect(await cache.verify(unknown)).toBeNull();
    expect(store.lookups).toBe(1);
    advance(500);
    expect(await cache.verify(unknown)).toBeNull();
    expect(store.lookups).toBe(2);
  });

  it('refuses malformed secrets without asking the store', async () => {
    const { store, cache } = setup();
    for (const bad of ['', 'Bearer x', 'sk-123', `sy-${'a'.repeat(39)}`]) expect(await cache.verify(bad)).toBeNull();
    expect(store.lookups).toBe(0);
  });

  it('passes store errors on and does not cache them', async () => {
    const { store, cache } = setup();
    const { key, secret } = await store.create({ project: 'alpha' });
    store.fail = new Error('database down');
    await expect(cache.verify(secret)).rejects.toThrow('database down');
    store.fail = undefined;
    expect(await cache.verify(secret)).toEqual(key);
    expect(store.lookups).toBe(2);
  });

  it('applies changes made through it at once on this instance, even over a lookup in flight', async () => {
    const { store, cache } = setup({ ttlMs: 60_000 });
    const { key, secret } = await cache.create({ project: 'alpha' });
    expect(await cache.verify(secret)).toEqual(key);
    expect((await cache.update(key.id, { rate_limits: { rpm: 3 } }))?.rate_limits).toEqual({ rpm: 3 });
    expect((await cache.verify(secret))?.rate_limits).toEqual({ rpm: 3 });

    store.hold = true;
    const inFlight = cache.verify(secret); // started before the revocation
    await cache.revoke(key.id);
    store.release();
    expect(await inFlight).not.toBeNull(); // its own answer predates the revocation...
    expect(await cache.verify(secret)).toBeNull(); // ...but it was not cached
    expect(await cache.get(key.id)).toMatchObject({ id: key.id, revoked_at: expect.any(Number) });
    expect(await cache.list({ includeRevoked: true })).toHaveLength(1);
  });

  it('holds at most maxEntries, evicting the oldest', async () => {
    const { store, cache } = setup({ maxEntries: 3 });
    const keys = await Promise.all([1, 2, 3, 4].map(() => store.create({ project: 'p' })));
    for (const k of keys) await cache.verify(k.secret);
    expect(cache.size).toBe(3);
    await cache.verify(keys[0]!.secret); // evicted first: asks the store again
    expect(store.lookups).toBe(5);
    await cache.verify(keys[3]!.secret); // still cached
    expect(store.lookups).toBe(5);
  });
});

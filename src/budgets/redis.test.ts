import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBudgetStore } from './store-contract.testkit.js';
import { RedisBudgetStore } from './redis.js';
import { RedisKeys } from './redis-keys.js';

const URL = process.env.SWITCHYARD_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const RUN = `sy-test-${randomBytes(4).toString('hex')}`;
let admin: Redis;
let serial = 0;

async function deleteAll(prefix: string): Promise<void> {
  const pattern = new RedisKeys(prefix).pattern;
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

beforeAll(async () => {
  admin = new Redis(URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
});

afterAll(async () => {
  await admin.quit();
});

describeBudgetStore({
  name: 'redis',
  async fresh() {
    const prefix = `${RUN}-${++serial}`;
    return {
      // A new connection per open: concurrency tests cross connections as instances would.
      open: () => RedisBudgetStore.open(URL, { prefix, sweepIntervalMs: 0 }),
      shared: { url: URL, prefix },
      cleanup: () => deleteAll(prefix),
    };
  },
});

describe('Redis budget store', () => {
  it('reloads its scripts after the server forgets them', async () => {
    const prefix = `${RUN}-flush`;
    const store = await RedisBudgetStore.open(URL, { prefix, sweepIntervalMs: 0 });
    try {
      await admin.script('FLUSH');
      expect((await store.take({ rules: [{ key: 'r', limit: 1, cost: 1 }] })).ok).toBe(true);
    } finally {
      await store.close();
      await deleteAll(prefix);
    }
  });

  it('gives every window key an expiry, also when it is recreated', async () => {
    const prefix = `${RUN}-ttl`;
    const keys = new RedisKeys(prefix);
    const store = await RedisBudgetStore.open(URL, { prefix, sweepIntervalMs: 0 });
    const ttlOk = async (key: string) => {
      const ttl = await admin.pttl(key);
      expect(ttl, key).toBeGreaterThan(86_400_000 - 5000);
      expect(ttl, key).toBeLessThanOrEqual(86_400_000 + 60_000);
    };
    try {
      const limit = { id: 'd', scope: 'key', scopeId: 'k', unit: 'usd', window: 'minute', limit: 10, mode: 'hard' } as const;
      const now = Date.now();
      const counter = `d@${Math.floor(now / 60_000) * 60_000}`;
      await store.reserve({ reservationId: 'a', items: [{ limit, amount: 5 }], leaseMs: 60_000, now });
      await ttlOk(keys.counter(counter));
      await ttlOk(keys.holds(counter));
      await store.settle({ reservationId: 'a', amounts: [5], now });
      // Settled: only the counter is left (the empty hold index is gone, the record deleted).
      expect((await admin.keys(keys.pattern)).sort()).toEqual([keys.counter(counter)]);
      await store.reserve({ reservationId: 'b', items: [{ limit, amount: 1 }], leaseMs: 60_000, now });
      await ttlOk(keys.holds(counter)); // recreated with its expiry
      // A counter gone by the time a late settle arrives comes back with its expiry.
      await admin.del(keys.counter(counter));
      expect(await store.settle({ reservationId: 'b', amounts: [1], now })).toBe('late');
      await ttlOk(keys.counter(counter));
    } finally {
      await store.close();
      await deleteAll(prefix);
    }
  });

  it('fails to open with the URL named and the password hidden', async () => {
    await expect(RedisBudgetStore.open('redis://:hunter2@127.0.0.1:1/0', { redis: { retryStrategy: () => null } })).rejects.toThrow(
      /cannot open redis budget store redis:\/\/\[redacted\]@127\.0\.0\.1:1\/0/,
    );
  });
});

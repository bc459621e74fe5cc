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

  it('leaves no keys behind once reservations finish and windows expire', async () => {
    const prefix = `${RUN}-ttl`;
    const store = await RedisBudgetStore.open(URL, { prefix, sweepIntervalMs: 0 });
    try {
      const limit = { id: 'd', scope: 'key', scopeId: 'k', unit: 'usd', window: 'minute', limit: 10, mode: 'hard' } as const;
      await store.reserve({ reservationId: 'a', items: [{ limit, amount: 5 }], leaseMs: 1000 });
      await store.settle({ reservationId: 'a', amounts: [5] });
      const keys = await admin.keys(new RedisKeys(prefix).pattern);
      expect(keys.sort()).toEqual([`{${prefix}}:c:d@${Math.floor(Date.now() / 60_000) * 60_000}`]);
      const ttl = await admin.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(86_400_000 - 1000);
      expect(ttl).toBeLessThanOrEqual(86_400_000 + 60_000);
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

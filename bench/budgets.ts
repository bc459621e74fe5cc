// Budget and rate-limit overhead per request, for each store (memory, SQLite, Redis on loopback).
//   npx tsx bench/budgets.ts [--quick] [--redis redis://127.0.0.1:6379]
// Sequential loop at concurrency 1 (what one request waits), microsecond timer. Measures:
//   reserve   3 budget items (key USD/day, project USD/month, key tokens/day) with max_tokens capping
//   settle    the same reservation
//   take      2 rate rules (key requests/min, model tokens/min)
//   check     reserve + take issued together: the gateway's whole pre-request cost
// Then throughput of reserve+settle with 64 concurrent callers on one connection (Redis only).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { openBudgetStore, type BudgetLimit, type BudgetStore, type RateRule, type ReserveItem } from '../src/budgets/index.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const redisAt = argv.indexOf('--redis');
const redisUrl = (redisAt >= 0 ? argv[redisAt + 1] : undefined) ?? 'redis://127.0.0.1:6379';
const N = quick ? 3000 : 20_000;
const WARMUP = quick ? 500 : 2000;

const base = { scope: 'key', scopeId: 'k1', mode: 'hard' } as const;
const limits: BudgetLimit[] = [
  { ...base, id: 'key:k1:usd:day', unit: 'usd', window: 'day', limit: 9e15 },
  { ...base, id: 'project:p1:usd:month', scope: 'project', scopeId: 'p1', unit: 'usd', window: 'month', limit: 9e15 },
  { ...base, id: 'key:k1:tokens:day', unit: 'tokens', window: 'day', limit: 9e15 },
];
const items: ReserveItem[] = [
  { limit: limits[0]!, amount: 2_500_000_000, perUnit: 10_000_000 },
  { limit: limits[1]!, amount: 2_500_000_000, perUnit: 10_000_000 },
  { limit: limits[2]!, amount: 1000, perUnit: 1 },
];
const rules: RateRule[] = [
  { key: 'key:k1:rpm', limit: 10_000_000, cost: 1 },
  { key: 'model:m:tpm', limit: 100_000_000, cost: 1500 },
];

function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const ms = (ns: bigint) => Number(ns) / 1e6;

async function latency(store: BudgetStore, tag: string) {
  const out = { reserve: [] as number[], settle: [] as number[], take: [] as number[], check: [] as number[] };
  for (let i = 0; i < WARMUP + N; i++) {
    const id = `${tag}-${i}`;
    const t0 = process.hrtime.bigint();
    const r = await store.reserve({ reservationId: id, items, units: { min: 1, max: 4096 }, leaseMs: 60_000 });
    const t1 = process.hrtime.bigint();
    if (!r.ok) throw new Error('bench reservation refused');
    await store.settle({ reservationId: id, amounts: [1_000_000, 1_000_000, 100] });
    const t2 = process.hrtime.bigint();
    if (!(await store.take({ rules })).ok) throw new Error('bench rate limit refused');
    const t3 = process.hrtime.bigint();
    const [c, taken] = await Promise.all([
      store.reserve({ reservationId: `${id}-c`, items, units: { min: 1, max: 4096 }, leaseMs: 60_000 }),
      store.take({ rules }),
    ]);
    const t4 = process.hrtime.bigint();
    if (!c.ok || !taken.ok) throw new Error('bench check refused');
    await store.release(`${id}-c`);
    if (i < WARMUP) continue;
    out.reserve.push(ms(t1 - t0));
    out.settle.push(ms(t2 - t1));
    out.take.push(ms(t3 - t2));
    out.check.push(ms(t4 - t3));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, stats(v)]));
}

async function throughput(store: BudgetStore, tag: string, seconds: number, concurrency: number): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) {
        const id = `${tag}-${w}-${i}`;
        await store.reserve({ reservationId: id, items, units: { min: 1, max: 4096 }, leaseMs: 60_000 });
        await store.settle({ reservationId: id, amounts: [1, 1, 1] });
        done += 1;
      }
    }),
  );
  return done / seconds;
}

function row(name: string, r: Record<string, { p50: number; p99: number }>) {
  const f = (x: number) => x.toFixed(3).padStart(7);
  const cells = ['reserve', 'settle', 'take', 'check'].map((k) => `${f(r[k]!.p50)} ${f(r[k]!.p99)}`);
  console.log(`${name.padEnd(8)} ${cells.join('   ')}`);
}

const dir = mkdtempSync(join(tmpdir(), 'sy-bench-budgets-'));
const prefix = `sy-bench-${randomBytes(4).toString('hex')}`;
console.log(`budgets bench: ${N} sequential iterations (+${WARMUP} warm-up), Node ${process.version}; ms p50 / p99`);
console.log(`${''.padEnd(8)} ${['reserve', 'settle', 'take', 'check (reserve+take)'].map((h) => h.padEnd(18)).join(' ')}`);
try {
  for (const [name, url] of [
    ['memory', 'memory'],
    ['sqlite', `sqlite:${join(dir, 'state.db')}`],
    ['redis', redisUrl],
  ] as const) {
    const store = await openBudgetStore(url, { prefix, sweepIntervalMs: 0 });
    try {
      row(name, await latency(store, name));
      if (name === 'redis') {
        const rps = await throughput(store, 'tp', quick ? 2 : 5, 64);
        console.log(`redis reserve+settle throughput, 64 concurrent callers, one connection: ${Math.round(rps)} pairs/s`);
      }
    } finally {
      await store.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  const admin = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `\\{${prefix}\\}:*`, 'COUNT', 1000);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
}

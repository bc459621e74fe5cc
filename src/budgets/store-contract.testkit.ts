/**
 * The one test suite every BudgetStore must pass (memory, SQLite, Redis): same cases, same numbers.
 * Test-only code (the build leaves *.testkit.ts out); each store's *.test.ts calls `describeBudgetStore`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetError } from './errors.js';
import type { BudgetLimit, BudgetStore, ReserveDenied, ReserveGranted, ReserveResult } from './types.js';
import { ledgerSums, runWorkload, type WorkloadResult } from './workload.testkit.js';

export interface StoreEnv {
  /** A store on this test's state; each call is a new connection where the backend has connections. */
  open(): Promise<BudgetStore>;
  /** What a child process passes to openBudgetStore to reach the same state; absent for memory. */
  shared?: { url: string; prefix?: string };
  cleanup(): Promise<void>;
}

export interface SuiteTarget {
  name: string;
  /** A fresh, empty state for one test. */
  fresh(): Promise<StoreEnv>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * Injected clocks sit in the future: Redis expires window counters at real times derived from them, so a
 * past date would make it drop them at once. Noon of a coming day that is not the last of its month, so the
 * day and month windows never reset at the same instant (cases rely on which one resets last).
 */
const T0 = noonNotAtMonthEnd(Math.ceil(Date.now() / DAY) * DAY + DAY / 2);

function noonNotAtMonthEnd(t: number): number {
  return new Date(t + DAY).getUTCDate() === 1 ? t + DAY : t;
}

export function limit(id: string, over: Partial<BudgetLimit> = {}): BudgetLimit {
  return { id, scope: 'key', scopeId: 'k1', unit: 'usd', window: 'day', limit: 1000, mode: 'hard', ...over };
}

function granted(r: ReserveResult): ReserveGranted {
  if (!r.ok) throw new Error(`expected a grant, got a refusal by ${r.limit.id}`);
  return r;
}

function denied(r: ReserveResult): ReserveDenied {
  if (r.ok) throw new Error('expected a refusal, got a grant');
  return r;
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BudgetError);
  expect((error as BudgetError).code).toBe(code);
}

const WORKER = fileURLToPath(new URL('./worker.testkit.ts', import.meta.url));

/** Runs the workload in a second Node process against the same store. */
function runChild(shared: { url: string; prefix?: string }, limits: BudgetLimit[], tag: string, tasks: number, seed: number): Promise<WorkloadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify({ ...shared, limits, tag, tasks, seed })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkloadResult);
    });
  });
}

export function describeBudgetStore(target: SuiteTarget): void {
  describe(`BudgetStore (${target.name})`, () => {
    let env: StoreEnv;
    let store: BudgetStore;

    beforeEach(async () => {
      env = await target.fresh();
      store = await env.open();
    });

    afterEach(async () => {
      await store.close();
      await env.cleanup();
    });

    describe('reservations', () => {
      it('reserves, settles into used and reports usage', async () => {
        const day = limit('key:k1:usd:day');
        const r = granted(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 300 }], leaseMs: MINUTE, now: T0 }));
        expect(r.units).toBe(0);
        expect(r.items).toEqual([
          { limitId: day.id, amount: 300, used: 0, reserved: 300, remaining: 700, resetsAt: T0 + DAY / 2, warning: null },
        ]);
        expect(await store.usage([day], T0)).toEqual([
          { limitId: day.id, limit: 1000, used: 0, reserved: 300, remaining: 700, windowStart: T0 - DAY / 2, resetsAt: T0 + DAY / 2 },
        ]);
        expect(await store.settle({ reservationId: 'a', amounts: [250], now: T0 + 10 })).toBe('settled');
        const [u] = await store.usage([day], T0 + 20);
        expect(u).toMatchObject({ used: 250, reserved: 0, remaining: 750 });
      });

      it('refuses a request that could exceed a hard limit, naming the limit and when it resets', async () => {
        const day = limit('key:k1:usd:day');
        granted(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 600 }], leaseMs: MINUTE, now: T0 }));
        const d = denied(await store.reserve({ reservationId: 'b', items: [{ limit: day, amount: 401 }], leaseMs: MINUTE, now: T0 }));
        expect(d).toEqual({ ok: false, limit: day, used: 0, reserved: 600, requested: 401, resetsAt: T0 + DAY / 2 });
        granted(await store.reserve({ reservationId: 'c', items: [{ limit: day, amount: 400 }], leaseMs: MINUTE, now: T0 }));
        const [u] = await store.usage([day], T0);
        expect(u).toMatchObject({ used: 0, reserved: 1000, remaining: 0 });
      });

      it('reserves every item or none', async () => {
        const a = limit('key:k1:usd:day', { limit: 1000 });
        const b = limit('project:p1:usd:month', { scope: 'project', scopeId: 'p1', window: 'month', limit: 100 });
        const d = denied(await store.reserve({ reservationId: 'a', items: [{ limit: a, amount: 50 }, { limit: b, amount: 200 }], leaseMs: MINUTE, now: T0 }));
        expect(d.limit.id).toBe(b.id);
        const usage = await store.usage([a, b], T0);
        expect(usage.map((u) => u.reserved)).toEqual([0, 0]);
      });

      it('of several refusing limits names the one that resets last, and a total limit never resets', async () => {
        const day = limit('d', { limit: 10 });
        const month = limit('m', { window: 'month', limit: 10 });
        const total = limit('t', { window: 'total', limit: 10 });
        const d1 = denied(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 20 }, { limit: month, amount: 20 }], leaseMs: MINUTE, now: T0 }));
        expect(d1.limit.id).toBe('m');
        const d2 = denied(
          await store.reserve({ reservationId: 'b', items: [{ limit: total, amount: 20 }, { limit: month, amount: 20 }], leaseMs: MINUTE, now: T0 }),
        );
        expect(d2.limit.id).toBe('t');
        expect(d2.resetsAt).toBeNull();
      });

      it('warns past a soft threshold and never refuses on a soft limit', async () => {
        const hard = limit('h', { limit: 1000, soft: 800 });
        const soft = limit('s', { mode: 'soft', limit: 100 });
        const r1 = granted(await store.reserve({ reservationId: 'a', items: [{ limit: hard, amount: 700 }, { limit: soft, amount: 60 }], leaseMs: MINUTE, now: T0 }));
        expect(r1.items.map((i) => i.warning)).toEqual([null, null]);
        const r2 = granted(await store.reserve({ reservationId: 'b', items: [{ limit: hard, amount: 200 }, { limit: soft, amount: 60 }], leaseMs: MINUTE, now: T0 }));
        expect(r2.items.map((i) => i.warning)).toEqual(['threshold', 'exceeded']);
        expect(r2.items[1]).toMatchObject({ used: 0, reserved: 120, remaining: 0 });
        const r3 = granted(await store.reserve({ reservationId: 'c', items: [{ limit: soft, amount: 5000 }], leaseMs: MINUTE, now: T0 }));
        expect(r3.items[0]!.warning).toBe('exceeded');
      });

      it('grants the most units every hard limit affords (capping max_tokens)', async () => {
        const usd = limit('usd', { limit: 10_000 });
        const tokens = limit('tok', { unit: 'tokens', limit: 500 });
        const soft = limit('soft', { mode: 'soft', limit: 1 });
        const items = [
          { limit: usd, amount: 1000, perUnit: 30 },
          { limit: tokens, amount: 100, perUnit: 1 },
          { limit: soft, amount: 1000, perUnit: 30 },
        ];
        const r = granted(await store.reserve({ reservationId: 'a', items, units: { min: 1, max: 4096 }, leaseMs: MINUTE, now: T0 }));
        expect(r.units).toBe(300); // usd: (10000 - 1000) / 30; tokens would allow 400; the soft limit does not cap
        expect(r.items.map((i) => i.amount)).toEqual([10_000, 400, 10_000]);
        const d = denied(await store.reserve({ reservationId: 'b', items, units: { min: 1, max: 4096 }, leaseMs: MINUTE, now: T0 }));
        expect(d).toMatchObject({ requested: 1030, reserved: 10_000 });
        expect(d.limit.id).toBe('usd');
      });

      it('grants exactly max_tokens or refuses when min equals max', async () => {
        const usd = limit('usd', { limit: 10_000 });
        const d = denied(await store.reserve({ reservationId: 'a', items: [{ limit: usd, amount: 1000, perUnit: 30 }], units: { min: 301, max: 301 }, leaseMs: MINUTE, now: T0 }));
        expect(d.requested).toBe(1000 + 30 * 301);
        const r = granted(await store.reserve({ reservationId: 'b', items: [{ limit: usd, amount: 1000, perUnit: 30 }], units: { min: 300, max: 300 }, leaseMs: MINUTE, now: T0 }));
        expect(r.units).toBe(300);
        expect(r.items[0]!.remaining).toBe(0);
      });

      it('records an overshoot beyond the reservation rather than losing spend', async () => {
        const day = limit('d', { limit: 1000 });
        granted(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 100 }], leaseMs: MINUTE, now: T0 }));
        expect(await store.settle({ reservationId: 'a', amounts: [130], now: T0 })).toBe('settled');
        expect((await store.usage([day], T0))[0]).toMatchObject({ used: 130, reserved: 0 });
      });

      it('answers unknown to a repeated settle or release, so both are safe to retry', async () => {
        const day = limit('d');
        granted(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 100 }], leaseMs: MINUTE, now: T0 }));
        granted(await store.reserve({ reservationId: 'b', items: [{ limit: day, amount: 200 }], leaseMs: MINUTE, now: T0 }));
        expect(await store.settle({ reservationId: 'a', amounts: [90], now: T0 })).toBe('settled');
        expect(await store.settle({ reservationId: 'a', amounts: [90], now: T0 })).toBe('unknown');
        expect(await store.release('a')).toBe('unknown');
        expect(await store.release('b')).toBe('released');
        expect(await store.release('b')).toBe('unknown');
        expect(await store.settle({ reservationId: 'never', amounts: [1], now: T0 })).toBe('unknown');
        expect((await store.usage([day], T0))[0]).toMatchObject({ used: 90, reserved: 0 });
      });

      it('rejects a reused reservation id and a wrong number of settle amounts', async () => {
        const day = limit('d');
        granted(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 1 }], leaseMs: MINUTE, now: T0 }));
        await rejectsWith(store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 1 }], leaseMs: MINUTE, now: T0 }), 'duplicate_reservation');
        await rejectsWith(store.settle({ reservationId: 'a', amounts: [1, 2], now: T0 }), 'amounts_mismatch');
        expect((await store.usage([day], T0))[0]).toMatchObject({ used: 0, reserved: 1 });
      });

      it('rejects amounts and limits that are not safe non-negative integers', async () => {
        const day = limit('d');
        const bad: [string, () => Promise<unknown>][] = [
          ['fraction', () => store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 1.5 }], leaseMs: MINUTE })],
          ['negative', () => store.reserve({ reservationId: 'a', items: [{ limit: day, amount: -1 }], leaseMs: MINUTE })],
          ['NaN limit', () => store.reserve({ reservationId: 'a', items: [{ limit: { ...day, limit: Number.NaN }, amount: 1 }], leaseMs: MINUTE })],
          ['huge', () => store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 2 ** 53 }], leaseMs: MINUTE })],
          ['units', () => store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 1 }], units: { min: 5, max: 4 }, leaseMs: MINUTE })],
          ['twice', () => store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 1 }, { limit: day, amount: 1 }], leaseMs: MINUTE })],
          ['lease', () => store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 1 }], leaseMs: 0 })],
          ['settle', () => store.settle({ reservationId: 'a', amounts: [0.5] })],
          ['rate', () => store.take({ rules: [{ key: 'r', limit: 0, cost: 1 }] })],
        ];
        for (const [, call] of bad) await rejectsWith(call(), 'invalid_input');
      });

      it('applies a changed limit at once', async () => {
        const day = limit('d', { limit: 100 });
        granted(await store.reserve({ reservationId: 'a', items: [{ limit: day, amount: 80 }], leaseMs: MINUTE, now: T0 }));
        denied(await store.reserve({ reservationId: 'b', items: [{ limit: day, amount: 30 }], leaseMs: MINUTE, now: T0 }));
        granted(await store.reserve({ reservationId: 'c', items: [{ limit: { ...day, limit: 200 }, amount: 30 }], leaseMs: MINUTE, now: T0 }));
      });
    });

    describe('leases', () => {
      it('reclaims the reservation of a crashed instance when its lease ends', async () => {
        const day = limit('d', { limit: 1000 });
        granted(await store.reserve({ reservationId: 'crashed', items: [{ limit: day, amount: 800 }], leaseMs: 1000, now: T0 }));
        denied(await store.reserve({ reservationId: 'b', items: [{ limit: day, amount: 300 }], leaseMs: MINUTE, now: T0 + 999 }));
        const r = granted(await store.reserve({ reservationId: 'c', items: [{ limit: day, amount: 300 }], leaseMs: MINUTE, now: T0 + 1000 }));
        expect(r.items[0]).toMatchObject({ used: 0, reserved: 300 });
        // The "crashed" instance was only stalled: its settle is recorded, and flagged late.
        expect(await store.settle({ reservationId: 'crashed', amounts: [500], now: T0 + 2000 })).toBe('late');
        expect((await store.usage([day], T0 + 2000))[0]).toMatchObject({ used: 500, reserved: 300 });
        expect(await store.release('c')).toBe('released');
      });

      it('keeps a long request alive with extend', async () => {
        const day = limit('d', { limit: 1000 });
        granted(await store.reserve({ reservationId: 'long', items: [{ limit: day, amount: 800 }], leaseMs: 1000, now: T0 }));
        expect(await store.extend('long', 1000, T0 + 900)).toBe('extended');
        denied(await store.reserve({ reservationId: 'b', items: [{ limit: day, amount: 300 }], leaseMs: MINUTE, now: T0 + 1500 }));
        expect(await store.settle({ reservationId: 'long', amounts: [700], now: T0 + 1800 })).toBe('settled');
        expect(await store.extend('long', 1000, T0 + 1900)).toBe('unknown');
      });

      it('reports expired when extending a lease already reclaimed', async () => {
        const day = limit('d', { limit: 1000 });
        granted(await store.reserve({ reservationId: 'slow', items: [{ limit: day, amount: 800 }], leaseMs: 1000, now: T0 }));
        await store.usage([day], T0 + 1000); // touching the counter reclaims the expired hold
        expect(await store.extend('slow', 1000, T0 + 1001)).toBe('expired');
        expect(await store.release('slow')).toBe('expired');
      });

      it('sweeps expired leases that no reservation touches', async () => {
        const day = limit('d', { limit: 1000 });
        const week = limit('w', { window: 'total', limit: 1000 });
        for (const id of ['a', 'b', 'c']) {
          granted(await store.reserve({ reservationId: id, items: [{ limit: day, amount: 100 }, { limit: week, amount: 10 }], leaseMs: 1000, now: T0 }));
        }
        granted(await store.reserve({ reservationId: 'live', items: [{ limit: day, amount: 1 }], leaseMs: MINUTE, now: T0 }));
        expect(await store.sweep(T0 + 2000)).toEqual({ reclaimed: 3 });
        expect(await store.sweep(T0 + 2000)).toEqual({ reclaimed: 0 });
        expect((await store.usage([day, week], T0 + 2000)).map((u) => u.reserved)).toEqual([1, 0]);
        expect(await store.settle({ reservationId: 'a', amounts: [50, 5], now: T0 + 3000 })).toBe('late');
        expect((await store.usage([day, week], T0 + 3000)).map((u) => u.used)).toEqual([50, 5]);
      });
    });

    describe('windows', () => {
      it('starts a new counter at each UTC window and settles into the window reserved in', async () => {
        const minute = limit('m', { window: 'minute', limit: 100 });
        const edge = T0 + MINUTE; // T0 is a minute boundary
        granted(await store.reserve({ reservationId: 'old', items: [{ limit: minute, amount: 100 }], leaseMs: MINUTE, now: edge - 1 }));
        denied(await store.reserve({ reservationId: 'x', items: [{ limit: minute, amount: 1 }], leaseMs: MINUTE, now: edge - 1 }));
        const r = granted(await store.reserve({ reservationId: 'new', items: [{ limit: minute, amount: 100 }], leaseMs: MINUTE, now: edge }));
        expect(r.items[0]).toMatchObject({ used: 0, reserved: 100, resetsAt: edge + MINUTE });
        expect(await store.settle({ reservationId: 'old', amounts: [70], now: edge + 1000 })).toBe('settled');
        expect(await store.settle({ reservationId: 'new', amounts: [60], now: edge + 1000 })).toBe('settled');
        expect((await store.usage([minute], edge - 1))[0]).toMatchObject({ used: 70, reserved: 0, windowStart: T0 });
        expect((await store.usage([minute], edge))[0]).toMatchObject({ used: 60, reserved: 0, windowStart: edge });
      });

      it('resets monthly windows on the first of the month, UTC', async () => {
        const month = limit('mo', { window: 'month', limit: 100 });
        const d = new Date(T0);
        const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 1);
        const r = granted(await store.reserve({ reservationId: 'a', items: [{ limit: month, amount: 100 }], leaseMs: MINUTE, now: next - 1 }));
        expect(r.items[0]!.resetsAt).toBe(next);
        granted(await store.reserve({ reservationId: 'b', items: [{ limit: month, amount: 100 }], leaseMs: MINUTE, now: next }));
      });

      it('never resets a total limit', async () => {
        const total = limit('t', { window: 'total', limit: 100 });
        granted(await store.reserve({ reservationId: 'a', items: [{ limit: total, amount: 100 }], leaseMs: MINUTE, now: T0 }));
        await store.settle({ reservationId: 'a', amounts: [100], now: T0 });
        const d = denied(await store.reserve({ reservationId: 'b', items: [{ limit: total, amount: 1 }], leaseMs: MINUTE, now: T0 + 400 * DAY }));
        expect(d).toMatchObject({ used: 100, resetsAt: null });
      });
    });

    describe('under concurrent load', () => {
      const limits = [
        limit('key:k1:usd:day', { limit: 30_000 }),
        limit('project:p1:usd:month', { scope: 'project', scopeId: 'p1', window: 'month', limit: 36_000 }),
        limit('key:k1:tokens:day', { unit: 'tokens', limit: 15_000 }),
        limit('session:s1:usd:total', { scope: 'session', scopeId: 's1', window: 'total', mode: 'soft', limit: 1 }),
      ];

      async function checkAgainstLedger(results: WorkloadResult[]): Promise<void> {
        for (const r of results) {
          expect(r.anomalies).toEqual([]);
          expect(r.overLimit).toEqual([]);
        }
        const served = results.flatMap((r) => r.served);
        const sums = ledgerSums(served, limits.length);
        const usage = await store.usage(limits);
        expect(usage.map((u) => u.used)).toEqual(sums);
        expect(usage.map((u) => u.reserved)).toEqual([0, 0, 0, 0]);
        for (const [i, l] of limits.entries()) if (l.mode === 'hard') expect(usage[i]!.used).toBeLessThanOrEqual(l.limit);
        // The limits must actually bind, or the test proves nothing.
        expect(results.reduce((n, r) => n + r.denied, 0)).toBeGreaterThan(0);
        expect(served.length).toBeGreaterThan(0);
      }

      it('never exceeds a limit in 500 concurrent reserve/settle calls, and counters equal the ledger', async () => {
        const second = await env.open();
        try {
          const result = await runWorkload([store, second], limits, { tag: 'c', tasks: 500, seed: 7 });
          await checkAgainstLedger([result]);
        } finally {
          await second.close();
        }
      });

      it('holds the bound with a second process on the same state', async (ctx) => {
        if (!env.shared) return ctx.skip();
        const second = await env.open();
        try {
          const [child, mine] = await Promise.all([
            runChild(env.shared, limits, 'child', 400, 11),
            runWorkload([store, second], limits, { tag: 'parent', tasks: 400, seed: 13 }),
          ]);
          await checkAgainstLedger([child, mine]);
          expect(child.served.length).toBeGreaterThan(0);
        } finally {
          await second.close();
        }
      });

      it('neither loses nor double-counts spend across a window reset', async () => {
        const minute = [limit('key:k1:usd:minute', { window: 'minute', limit: 5000 }), limit('key:k1:tokens:minute', { window: 'minute', unit: 'tokens', limit: 4000 })];
        const edge = T0 + 5 * MINUTE;
        const second = await env.open();
        try {
          const result = await runWorkload([store, second], minute, {
            tag: 'w',
            tasks: 600,
            seed: 3,
            // Reserve within a second either side of the boundary; settle up to 1.5 s later (often after it).
            times: (_, random) => {
              const reserve = edge - 1000 + Math.floor(random() * 2000);
              return { reserve, settle: reserve + Math.floor(random() * 1500) };
            },
          });
          expect(result.anomalies).toEqual([]);
          expect(result.overLimit).toEqual([]);
          const before = result.served.filter((s) => (s.reserveAt ?? 0) < edge);
          const after = result.served.filter((s) => (s.reserveAt ?? 0) >= edge);
          expect(before.length).toBeGreaterThan(0);
          expect(after.length).toBeGreaterThan(0);
          const old = await store.usage(minute, edge - 1);
          const now = await store.usage(minute, edge);
          expect(old.map((u) => u.used)).toEqual(ledgerSums(before, 2));
          expect(now.map((u) => u.used)).toEqual(ledgerSums(after, 2));
          expect([...old, ...now].map((u) => u.reserved)).toEqual([0, 0, 0, 0]);
          for (const u of [...old, ...now]) expect(u.used).toBeLessThanOrEqual(u.limit);
          expect(result.denied).toBeGreaterThan(0);
        } finally {
          await second.close();
        }
      });
    });

    describe('rate limits', () => {
      it('allows a burst of the limit, then refuses with the wait until the next unit', async () => {
        const rule = { key: 'key:k1:rpm', limit: 10, cost: 1 };
        for (let i = 0; i < 10; i++) {
          const r = await store.take({ rules: [rule], now: T0 });
          expect(r).toEqual({ ok: true, remaining: [9 - i] });
        }
        expect(await store.take({ rules: [rule], now: T0 })).toEqual({ ok: false, key: 'key:k1:rpm', retryAfterMs: 6000 });
        expect(await store.take({ rules: [rule], now: T0 + 5999 })).toMatchObject({ ok: false, retryAfterMs: 1 });
        expect(await store.take({ rules: [rule], now: T0 + 6000 })).toEqual({ ok: true, remaining: [0] });
      });

      it('rounds a fractional wait up', async () => {
        const rule = { key: 'r7', limit: 7, cost: 1 };
        for (let i = 0; i < 7; i++) expect((await store.take({ rules: [rule], now: T0 })).ok).toBe(true);
        expect(await store.take({ rules: [rule], now: T0 })).toEqual({ ok: false, key: 'r7', retryAfterMs: 8572 });
      });

      it('takes every rule or none, and names the rule that waits longest', async () => {
        const perKey = { key: 'key:k1:rpm', limit: 10, cost: 1 };
        const perModel = { key: 'model:m:rpm', limit: 2, cost: 1 };
        expect((await store.take({ rules: [perKey, perModel], now: T0 })).ok).toBe(true);
        expect((await store.take({ rules: [perKey, perModel], now: T0 })).ok).toBe(true);
        expect(await store.take({ rules: [perKey, perModel], now: T0 })).toEqual({ ok: false, key: 'model:m:rpm', retryAfterMs: 30_000 });
        // The refused call charged nothing: the per-key bucket still has 8.
        for (let i = 0; i < 8; i++) expect((await store.take({ rules: [perKey], now: T0 })).ok).toBe(true);
        expect((await store.take({ rules: [perKey], now: T0 })).ok).toBe(false);
      });

      it('charges a token estimate and corrects it after the response', async () => {
        const tpm = { key: 'key:k1:tpm', limit: 1000, cost: 800 };
        expect(await store.take({ rules: [tpm], now: T0 })).toEqual({ ok: true, remaining: [200] });
        expect((await store.take({ rules: [{ ...tpm, cost: 300 }], now: T0 })).ok).toBe(false);
        await store.adjust({ rules: [{ ...tpm, cost: -500 }], now: T0 }); // actual was 300
        expect(await store.take({ rules: [{ ...tpm, cost: 700 }], now: T0 })).toEqual({ ok: true, remaining: [0] });
        await store.adjust({ rules: [{ ...tpm, cost: 100 }], now: T0 }); // an overshoot is charged unchecked
        expect(await store.take({ rules: [{ ...tpm, cost: 1 }], now: T0 })).toMatchObject({ ok: false, retryAfterMs: 6060 });
      });

      it('never fills a bucket beyond full with a refund', async () => {
        const tpm = { key: 'tpm', limit: 1000, cost: 1000 };
        await store.adjust({ rules: [{ ...tpm, cost: -5000 }], now: T0 });
        expect((await store.take({ rules: [tpm], now: T0 })).ok).toBe(true);
        expect((await store.take({ rules: [{ ...tpm, cost: 1 }], now: T0 })).ok).toBe(false);
      });

      it('refuses for good a cost larger than the bucket', async () => {
        expect(await store.take({ rules: [{ key: 'tpm', limit: 1000, cost: 1001 }], now: T0 })).toEqual({ ok: false, key: 'tpm', retryAfterMs: null });
      });

      it('honours a burst smaller than the rate', async () => {
        const rule = { key: 'b', limit: 60, burst: 2, cost: 1 };
        expect((await store.take({ rules: [rule], now: T0 })).ok).toBe(true);
        expect((await store.take({ rules: [rule], now: T0 })).ok).toBe(true);
        expect(await store.take({ rules: [rule], now: T0 })).toEqual({ ok: false, key: 'b', retryAfterMs: 1000 });
      });

      it('admits exactly the limit from concurrent callers', async () => {
        const second = await env.open();
        try {
          const rule = { key: 'key:k1:rpm', limit: 50, cost: 1 };
          const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? second : store).take({ rules: [rule], now: T0 })));
          expect(results.filter((r) => r.ok).length).toBe(50);
        } finally {
          await second.close();
        }
      });
    });
  });
}

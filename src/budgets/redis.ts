/**
 * The Redis store, for many gateway instances sharing budgets and rate limits. Every operation is one Lua
 * script (redis-lua.ts): atomic on the server, one round trip, no client-side read-modify-write and no
 * periodic sync. Instances use their own clocks for windows and leases, so keep them NTP-synced and
 * leases long against any skew (a clock running ahead reclaims others' leases early by the skew).
 *
 * A lost reply is safe: a reserve whose reply is lost expires with its lease, and a repeated settle or
 * release answers 'unknown' instead of counting twice.
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { log } from '../util/log.js';
import { SWEEP_BATCH_SIZE } from './core.js';
import { BudgetError } from './errors.js';
import { ADJUST, EXTEND, FINISH, RESERVE, SWEEP, TAKE, USAGE } from './redis-lua.js';
import { RedisKeys } from './redis-keys.js';
import { integers, LuaScript } from './redis-script.js';
import { reserveResult, spansOf } from './results.js';
import type { CounterRow } from './state.js';
import { DEFAULT_SWEEP_INTERVAL_MS, startSweeper } from './sweeper.js';
import type {
  BudgetLimit,
  BudgetStore,
  BudgetUsage,
  ExtendStatus,
  ReleaseStatus,
  ReserveRequest,
  ReserveResult,
  SettleRequest,
  SettleStatus,
  TakeRequest,
  TakeResult,
} from './types.js';
import { checkLimit, clock, id, positive, normaliseReserve, normaliseRules, normaliseSettle } from './validate.js';
import { counterExpiry, counterKey, LATE_SETTLE_GRACE_MS, windowSpan } from './windows.js';

export interface RedisStoreOptions {
  /** Key prefix, used as the hash tag `{prefix}`; default `sy`. */
  prefix?: string;
  /** How often expired leases are swept; 0 disables. Reserve and usage reclaim what they touch anyway. */
  sweepIntervalMs?: number;
  /** Passed to ioredis (timeouts, TLS, retry strategy). */
  redis?: RedisOptions;
}

/** ioredis reports every failed reconnect; one line per interval is enough to see an outage. */
const ERROR_LOG_INTERVAL_MS = 5000;

const require = createRequire(import.meta.url);

/** ioredis is loaded on first use: a gateway with in-memory or SQLite budgets never loads it. */
function redisClass(): typeof Redis {
  return (require('ioredis') as typeof import('ioredis')).Redis;
}

const SCRIPTS = {
  reserve: new LuaScript('reserve', RESERVE),
  finish: new LuaScript('finish', FINISH),
  extend: new LuaScript('extend', EXTEND),
  usage: new LuaScript('usage', USAGE),
  sweep: new LuaScript('sweep', SWEEP),
  take: new LuaScript('take', TAKE),
  adjust: new LuaScript('adjust', ADJUST),
};

/** Pairs [used, reserved] from a flat reply starting at `offset`. */
function counters(reply: readonly number[], offset: number, n: number): CounterRow[] {
  const out: CounterRow[] = [];
  for (let i = 0; i < n; i++) out.push({ used: reply[offset + 2 * i] ?? 0, reserved: reply[offset + 2 * i + 1] ?? 0 });
  return out;
}

export class RedisBudgetStore implements BudgetStore {
  readonly kind = 'redis';
  private readonly keys: RedisKeys;
  private readonly stopSweeper: () => void;
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    options: RedisStoreOptions,
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'sy');
    this.stopSweeper = startSweeper(() => this.sweep(), options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS, 'redis');
  }

  /** Connects and loads the scripts, so a wrong URL fails at start-up rather than on the first request. */
  static async open(url: string, options: RedisStoreOptions = {}): Promise<RedisBudgetStore> {
    // Few retries per command: a request waiting on a dead Redis should fail soon, not queue for seconds.
    const redis = new (redisClass())(url, { lazyConnect: true, maxRetriesPerRequest: 2, ...options.redis });
    let lastErrorLog = 0;
    redis.on('error', (error: Error) => {
      if (Date.now() - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
      lastErrorLog = Date.now();
      log.warn('redis budget store connection error', { url: redactUrl(url), error });
    });
    try {
      await redis.connect();
      for (const script of Object.values(SCRIPTS)) await script.load(redis);
    } catch (error) {
      redis.disconnect();
      throw new BudgetError('store_error', `cannot open redis budget store ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    }
    return new RedisBudgetStore(redis, options);
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const r = normaliseReserve(request);
    const spans = spansOf(r);
    const keys = [this.keys.reservation(r.reservationId), this.keys.leases];
    const args: (string | number)[] = [r.reservationId, r.now, r.now + r.leaseMs, r.now + r.leaseMs + LATE_SETTLE_GRACE_MS, r.minUnits, r.maxUnits];
    r.items.forEach((item, i) => {
      const span = spans[i]!;
      const key = counterKey(item.limit.id, span.start);
      keys.push(this.keys.counter(key), this.keys.holds(key));
      args.push(item.amount, item.perUnit, item.limit.limit, item.limit.mode === 'hard' ? 1 : 0, counterExpiry(span) ?? 0);
    });
    const reply = integers(await SCRIPTS.reserve.run(this.redis, keys, args), 'reserve');
    if (reply[0] === -1) throw new BudgetError('duplicate_reservation', `reservation "${r.reservationId}" already exists`);
    const before = counters(reply, 2, r.items.length);
    return reserveResult(r, spans, before, reply[0] === 1 ? (reply[1] ?? 0) : null);
  }

  async settle(request: SettleRequest): Promise<SettleStatus> {
    const s = normaliseSettle(request);
    const code = await this.finish(s.reservationId, ['1', ...s.amounts.map(String)], s.amounts.length);
    return code === 0 ? 'unknown' : code === 1 ? 'settled' : 'late';
  }

  async release(reservationId: string): Promise<ReleaseStatus> {
    id(reservationId, 'reservationId');
    const code = await this.finish(reservationId, ['0'], 0);
    return code === 0 ? 'unknown' : code === 1 ? 'released' : 'expired';
  }

  private async finish(reservationId: string, args: string[], given: number): Promise<number> {
    const keys = [this.keys.reservation(reservationId), this.keys.leases];
    const reply = integers(await SCRIPTS.finish.run(this.redis, keys, [reservationId, ...args]), 'finish');
    if (reply[0] === -1) {
      throw new BudgetError('amounts_mismatch', `reservation "${reservationId}" has ${reply[1]} items, settle gave ${given} amounts`);
    }
    return reply[0] ?? 0;
  }

  async extend(reservationId: string, leaseMs: number, now?: number): Promise<ExtendStatus> {
    id(reservationId, 'reservationId');
    const until = clock(now) + positive(leaseMs, 'leaseMs');
    const keys = [this.keys.reservation(reservationId), this.keys.leases];
    const reply = integers(await SCRIPTS.extend.run(this.redis, keys, [reservationId, until, until + LATE_SETTLE_GRACE_MS]), 'extend');
    return reply[0] === 0 ? 'unknown' : reply[0] === 1 ? 'extended' : 'expired';
  }

  async usage(limits: readonly BudgetLimit[], now?: number): Promise<BudgetUsage[]> {
    limits.forEach((limit, i) => checkLimit(limit, `limits[${i}]`));
    if (limits.length === 0) return [];
    const t = clock(now);
    const spans = limits.map((limit) => windowSpan(limit.window, t));
    const keys = limits.flatMap((limit, i) => {
      const key = counterKey(limit.id, spans[i]!.start);
      return [this.keys.counter(key), this.keys.holds(key)];
    });
    const reply = integers(await SCRIPTS.usage.run(this.redis, keys, [t]), 'usage');
    return counters(reply, 0, limits.length).map(({ used, reserved }, i) => ({
      limitId: limits[i]!.id,
      limit: limits[i]!.limit,
      used,
      reserved,
      remaining: Math.max(0, limits[i]!.limit - used - reserved),
      windowStart: spans[i]!.start,
      resetsAt: spans[i]!.end,
    }));
  }

  async sweep(now?: number): Promise<{ reclaimed: number }> {
    const t = clock(now);
    let reclaimed = 0;
    // Batches keep each script short: Redis runs nothing else while a script runs.
    for (;;) {
      const reply = integers(await SCRIPTS.sweep.run(this.redis, [this.keys.leases], [t, SWEEP_BATCH_SIZE, this.keys.reservationPrefix]), 'sweep');
      const n = reply[0] ?? 0;
      reclaimed += n;
      if (n < SWEEP_BATCH_SIZE) return { reclaimed };
    }
  }

  async take(request: TakeRequest): Promise<TakeResult> {
    const { rules, now } = normaliseRules(request, false);
    if (rules.length === 0) return { ok: true, remaining: [] };
    const args: (string | number)[] = [now];
    for (const rule of rules) args.push(String(rule.interval), String(rule.tolerance), rule.cost);
    const reply = integers(await SCRIPTS.take.run(this.redis, rules.map((rule) => this.keys.rate(rule.key)), args), 'take');
    if (reply[0] === 1) return { ok: true, remaining: reply.slice(1) };
    const rule = rules[(reply[1] ?? 1) - 1]!;
    const wait = reply[2] ?? -1;
    return { ok: false, key: rule.key, retryAfterMs: wait < 0 ? null : wait };
  }

  async adjust(request: TakeRequest): Promise<void> {
    const { rules, now } = normaliseRules(request, true);
    if (rules.length === 0) return;
    const args: (string | number)[] = [now];
    for (const rule of rules) args.push(String(rule.interval), rule.cost);
    await SCRIPTS.adjust.run(this.redis, rules.map((rule) => this.keys.rate(rule.key)), args);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopSweeper();
    await this.redis.quit();
  }
}

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//[redacted]@');
}

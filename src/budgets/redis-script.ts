/**
 * A Lua script run by EVALSHA, falling back to EVAL when the server has lost its script cache (a
 * restart, SCRIPT FLUSH, a failover); EVAL caches it again.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BudgetError } from './errors.js';

export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async load(redis: Redis): Promise<void> {
    await redis.script('LOAD', this.source);
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw wrap(this.name, error);
      try {
        return await redis.eval(this.source, keys.length, ...keys, ...args);
      } catch (retryError) {
        throw wrap(this.name, retryError);
      }
    }
  }
}

function wrap(name: string, error: unknown): BudgetError {
  const message = error instanceof Error ? error.message : String(error);
  return new BudgetError('store_error', `redis budget script ${name} failed: ${message}`, { cause: error });
}

/** A script reply as integers; anything else means the script and this client disagree. */
export function integers(reply: unknown, name: string): number[] {
  if (typeof reply === 'number') return [reply];
  if (Array.isArray(reply) && reply.every((v): v is number => typeof v === 'number')) return reply;
  throw new BudgetError('store_error', `redis budget script ${name} returned an unexpected reply: ${JSON.stringify(reply)}`);
}

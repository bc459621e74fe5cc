/**
 * Cheap deterministic hashing for the emulator. Replies must be a pure function of the request, and the
 * hot path runs tens of thousands of times a second, so this is plain JS arithmetic, not node:crypto.
 */

/** Incremental 53-bit hash (cyrb53 mixing): feed strings, then read `digest()`. Not for security. */
export class Hasher {
  private h1: number;
  private h2: number;

  constructor(seed = 0) {
    this.h1 = 0xdeadbeef ^ seed;
    this.h2 = 0x41c6ce57 ^ seed;
  }

  update(str: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < str.length; i++) {
      const ch = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  digest(): number {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}

export function hashString(str: string, seed = 0): number {
  return new Hasher(seed).update(str).digest();
}

/** mulberry32: a tiny seeded PRNG returning uint32 values. */
export { mulberry32 as prng } from '../util/prng.js';

/**
 * Key secrets and ids: generation, hashing, and the cheap shape check done before any lookup.
 *
 * A secret is `sy-` + 40 characters drawn uniformly from base62 by rejection sampling over
 * crypto.randomBytes: about 238 bits of entropy. Stores keep SHA-256(secret) in hex. No salt or slow KDF:
 * those defend low-entropy passwords against dictionary and rainbow-table attacks, and a 238-bit random
 * secret cannot be guessed from its hash by any amount of hashing, so a fast hash costs no security and
 * keeps verification to a single indexed lookup.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Bytes at or above this are rejected: 248 = 4 x 62, so the accepted bytes map uniformly onto base62. */
const UNBIASED_LIMIT = 248;

export const SECRET_PREFIX = 'sy-';
export const SECRET_LENGTH = 40;
/** Characters of the secret kept for display (the `sy-` prefix plus 6). */
export const DISPLAY_PREFIX_LENGTH = SECRET_PREFIX.length + 6;
const SECRET_SHAPE = /^sy-[0-9A-Za-z]{40}$/;

/** `length` uniformly random base62 characters. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateSecret(): string {
  return SECRET_PREFIX + randomBase62(SECRET_LENGTH);
}

/** A key id: `vk_` + 16 base62 characters (95 bits, so ids never collide in practice). */
export function generateKeyId(): string {
  return `vk_${randomBase62(16)}`;
}

/** True when `value` has the shape of a secret; anything else is refused without a lookup. */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPE.test(value);
}

/** SHA-256 of the full secret, lowercase hex: what stores keep and look keys up by. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The part of a secret shown in listings. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}

/**
 * Compares two hex digests in constant time. Stores find a key by an index lookup on the hash (whose
 * timing can reveal at most something about a hash, from which no secret can be recovered) and then
 * confirm the match with this, so no byte-by-byte comparison of secret material depends on its content.
 */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { displayPrefix, generateKeyId, generateSecret, hashesEqual, hashSecret, looksLikeSecret, randomBase62 } from './secret.js';

describe('key secrets', () => {
  it('are sy- and 40 base62 characters, all different', () => {
    const secrets = Array.from({ length: 1000 }, generateSecret);
    for (const s of secrets) expect(s).toMatch(/^sy-[0-9A-Za-z]{40}$/);
    expect(new Set(secrets).size).toBe(1000);
    expect(generateKeyId()).toMatch(/^vk_[0-9A-Za-z]{16}$/);
  });

  it('use every base62 character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const text = randomBase62(62 * 2000);
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(300); // > 6 sigma
  });

  it('hash to the SHA-256 hex of the whole secret', () => {
    const s = generateSecret();
    expect(hashSecret(s)).toBe(createHash('sha256').update(s).digest('hex'));
    expect(hashSecret(s)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are recognised by shape before any lookup', () => {
    expect(looksLikeSecret(generateSecret())).toBe(true);
    for (const bad of ['', 'sy-', `sk-${'a'.repeat(40)}`, `sy-${'a'.repeat(39)}`, `sy-${'a'.repeat(41)}`, `sy-${'a'.repeat(39)}!`, `Bearer sy-${'a'.repeat(40)}`]) {
      expect(looksLikeSecret(bad)).toBe(false);
    }
  });

  it('show only their first characters for display', () => {
    expect(displayPrefix('sy-abcdefghijklmnop')).toBe('sy-abcdef');
  });

  it('compare hashes by value, whatever their lengths', () => {
    const h = hashSecret('x');
    expect(hashesEqual(h, hashSecret('x'))).toBe(true);
    expect(hashesEqual(h, hashSecret('y'))).toBe(false);
    expect(hashesEqual(h, h.slice(1))).toBe(false);
  });
});

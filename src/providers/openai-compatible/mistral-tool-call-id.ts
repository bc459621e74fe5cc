/**
 * Mistral accepts only tool-call ids of exactly 9 alphanumerics. Ids minted elsewhere (`call_…`, `toolu_…`)
 * are mapped by a deterministic hash, so a tool call and its result always map to the same id without any
 * state kept between requests.
 */
const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function isMistralToolCallId(id: string): boolean {
  return MISTRAL_ID.test(id);
}

export function toMistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  // Two independent 32-bit FNV-style hashes give ~64 bits, of which 9 base-62 digits keep ~53.
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  let n = (BigInt(h1 >>> 0) << 32n) | BigInt(h2 >>> 0);
  let out = '';
  for (let i = 0; i < 9; i++) {
    out += ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { JsonObjectPrefix } from './json-prefix.js';
import { seededRandom } from '../util/prng.js';

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

function validAfter(text: string, chunk = 1): boolean {
  const p = new JsonObjectPrefix();
  for (let i = 0; i < text.length; i += chunk) if (!p.push(text.slice(i, i + chunk))) return false;
  return p.valid;
}

function randomValue(r: Rng, depth: number): unknown {
  const kind = depth > 3 ? r.int(0, 3) : r.int(0, 5);
  switch (kind) {
    case 0:
      return r.int(-1000, 1000) / (r.int(0, 1) ? 1 : 7);
    case 1:
      return ['', 'plain', 'quote " and \\ back', 'ünïcode ☃ \n\t', '\u0001 ctrl'][r.int(0, 4)];
    case 2:
      return [true, false, null][r.int(0, 2)];
    case 3:
      return r.int(0, 1) ? 1e21 : -0.5e-7;
    case 4:
      return Array.from({ length: r.int(0, 3) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: r.int(0, 3) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]));
  }
}

describe('JsonObjectPrefix', () => {
  it('accepts every prefix of 500 random JSON objects, fed in chunks of any size', () => {
    const r = new Rng(7);
    for (let n = 0; n < 500; n++) {
      const obj = Object.fromEntries(Array.from({ length: r.int(0, 4) }, (_, i) => [`key ${i}`, randomValue(r, 0)]));
      const text = r.int(0, 1) ? JSON.stringify(obj) : JSON.stringify(obj, null, 2);
      for (const chunk of [1, 3, 17]) expect(validAfter(text, chunk), text).toBe(true);
      for (let cut = 0; cut <= text.length; cut += 5) expect(validAfter(text.slice(0, cut)), text.slice(0, cut)).toBe(true);
    }
  });

  it.each([
    ['prose', 'Sure! Here are the arguments'],
    ['a Python dict', "{'city': 'Paris'}"],
    ['an array, not an object', '[1, 2]'],
    ['a second object after the first', '{"a":1}{"b":2}'],
    ['an extra closing brace', '{"a":{"b":1}}}'],
    ['a trailing comma', '{"a":[1,],"b":2}'],
    ['an unquoted key', '{city: "Paris"}'],
    ['a bad escape', '{"a":"\\x41"}'],
    ['a raw newline in a string', '{"a":"line\nbreak"}'],
    ['a mismatched bracket', '{"a":[1}'],
    ['a misspelt literal', '{"a":tru }'],
  ])('refuses %s', (_name, text) => {
    expect(validAfter(text)).toBe(false);
  });

  it('says when the text is one whole object, however it was cut up', () => {
    const p = new JsonObjectPrefix();
    for (const chunk of ['{"a": [1, {"b": "}"}', '], "c"', ': null}']) {
      expect(p.complete).toBe(false);
      p.push(chunk);
    }
    expect(p.complete).toBe(true);
    p.push('  \n');
    expect(p.complete).toBe(true);
    p.push('{');
    expect(p.complete).toBe(false);
    expect(p.valid).toBe(false);
  });
});

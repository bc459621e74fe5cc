import { describe, expect, it } from 'vitest';
import { PythonRandom } from './python-random.js';

// Reference values printed by CPython 3: random.Random(seed).getrandbits(32) x3, then randrange(2734) x5
// and randrange(250) x3 from the same generator.
const CPYTHON: Array<[number, number[], number[], number[]]> = [
  [0, [3626764237, 1654615998, 3255389356], [1722, 165, 1060, 2094, 1990], [103, 235, 200]],
  [20240810, [2878522049, 2810501039, 1493785138], [2135, 2027, 944, 1803, 323], [61, 13, 87]],
  [2 ** 40 + 5, [2166296868, 2220160828, 1153647273], [2718, 112, 2174, 190, 677], [20, 203, 208]],
];

describe('PythonRandom', () => {
  it.each(CPYTHON)('matches CPython bit for bit (seed %d)', (seed, bits, big, small) => {
    const r = new PythonRandom(seed);
    expect([r.getrandbits(32), r.getrandbits(32), r.getrandbits(32)]).toEqual(bits);
    expect(Array.from({ length: 5 }, () => r.randrange(2734))).toEqual(big);
    expect(Array.from({ length: 3 }, () => r.randrange(250))).toEqual(small);
  });

  it('stays in step across a twist of the state (624 outputs)', () => {
    const r = new PythonRandom(7);
    for (let i = 0; i < 700; i++) r.uint32();
    expect(r.uint32()).toBe(2724896942); // random.Random(7): the 701st getrandbits(32)
  });

  it('refuses seeds and ranges it cannot reproduce', () => {
    expect(() => new PythonRandom(-1)).toThrow(RangeError);
    expect(() => new PythonRandom(1.5)).toThrow(RangeError);
    expect(() => new PythonRandom(0).randrange(0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { Featurizer, HASH_SIZE } from './features.js';
import { blockDot, decodeBlock, decodeBuckets, encodeBlock, encodeBuckets, IDF_SCALE, LinearModel, sigmoid, tf } from './model.js';
import { viewPrompt } from './prompt.js';
import { parseWeights, scorerFromWeights } from './index.js';
import { syntheticWeights } from './testing.js';

describe('weights encoding', () => {
  it('round-trips sorted bucket lists through LEB128 deltas', () => {
    const b = [0, 1, 127, 128, 16_383, 16_384, HASH_SIZE - 1];
    expect(Array.from(decodeBuckets(encodeBuckets(b), b.length))).toEqual(b);
    expect(() => decodeBuckets(encodeBuckets([5]), 2)).toThrow(/ends early/);
  });

  it('round-trips a block with int16 weights and 1/16 idf steps', () => {
    const idf = new Float32Array(HASH_SIZE);
    const w = new Float64Array(HASH_SIZE);
    idf[3] = 2.5;
    w[3] = 0.75;
    idf[70_000] = 7.0625;
    w[70_000] = -1.5;
    idf[9] = 1; // weight 0: not stored
    const d = decodeBlock(encodeBlock(idf, w));
    expect(d.idf[3]).toBe(2.5);
    expect(d.idf[70_000]).toBeCloseTo(7.0625, 6);
    expect(d.idf[9]).toBe(0);
    expect(d.weights[3]).toBeCloseTo(0.75, 4);
    expect(d.weights[70_000]).toBeCloseTo(-1.5, 4);
    expect(Math.round(7.0625 * IDF_SCALE)).toBe(113);
  });
});

describe('LinearModel', () => {
  it('computes a block as the dot product with the L2-normalised sublinear TF-IDF vector', () => {
    const counts = new Uint16Array(HASH_SIZE);
    const touched = Int32Array.from([1, 2, 3]);
    counts[1] = 1;
    counts[2] = 3;
    counts[3] = 2; // not in the vocabulary
    const idf = new Float32Array(HASH_SIZE);
    const weights = new Float32Array(HASH_SIZE);
    idf[1] = 2;
    idf[2] = 1;
    weights[1] = 1;
    weights[2] = -2;
    const v1 = tf(1) * 2;
    const v2 = tf(3) * 1;
    const expected = (v1 * 1 + v2 * -2) / Math.hypot(v1, v2);
    expect(blockDot(counts, touched, 3, { idf, weights })).toBeCloseTo(expected, 6);
  });

  it('adds bias, text, clipped dense features and the capped prior', () => {
    const file = syntheticWeights(['prove the theorem'], ['hello']);
    const m = LinearModel.fromFile(file);
    const f = new Featurizer();
    f.run(viewPrompt([{ role: 'user', content: '```\n```\n```\n```\n```\n```\n```\n```' }]));
    const e = m.explain(f);
    expect(e.prior).toBeCloseTo(0.3 * 2, 12); // log1p(8 fences) > cap 2
    expect(e.logit).toBeCloseTo(e.bias + e.word + e.char + e.dense + e.prior, 12);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
});

describe('scorer', () => {
  const scorer = scorerFromWeights(syntheticWeights(['prove the theorem rigorously'], ['hello how are you']));

  it('scores in [0, 1] and follows the weights', () => {
    const hard = scorer.score([{ role: 'user', content: 'prove the theorem rigorously' }]);
    const easy = scorer.score([{ role: 'user', content: 'hello how are you' }]);
    expect(hard).toBeGreaterThan(easy);
    for (const s of [hard, easy]) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('never throws on odd inputs', () => {
    const odd: unknown[] = [[], [{ role: 'user', content: null }], [{ role: 'user', content: 42 }], [{ role: 7, content: [{ type: 'image_url' }] }], [null]];
    for (const m of odd) {
      const s = scorer.score(m as never);
      expect(Number.isFinite(s)).toBe(true);
    }
  });

  it('rejects an invalid weights file with the path of the problem', () => {
    expect(() => parseWeights({ format: 'nope' }, 'w.json')).toThrow(/w\.json: invalid router weights at format/);
    const bad = syntheticWeights([], []);
    bad.dense.names = ['no_such_feature'];
    expect(() => scorerFromWeights(bad)).toThrow(/unknown feature "no_such_feature"/);
  });
});

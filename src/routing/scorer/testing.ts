/**
 * Test helper: a tiny synthetic weights file (no training needed). Words of `hard` texts get weight +1,
 * words of `easy` texts -1; log_input_chars has a positive dense weight; the standard prior is included.
 */
import { Featurizer, HASH_SIZE } from './features.js';
import { encodeBlock, WEIGHTS_FORMAT, type WeightsFile } from './model.js';
import { viewPrompt } from './prompt.js';

export function syntheticWeights(hard: readonly string[], easy: readonly string[]): WeightsFile {
  const f = new Featurizer();
  const idfW = new Float32Array(HASH_SIZE);
  const wW = new Float64Array(HASH_SIZE);
  const idfC = new Float32Array(HASH_SIZE);
  const wC = new Float64Array(HASH_SIZE);
  const mark = (texts: readonly string[], sign: number): void => {
    for (const t of texts) {
      f.run(viewPrompt([{ role: 'user', content: t }]));
      for (let i = 0; i < f.nWord; i++) {
        idfW[f.wordTouched[i]!] = 2;
        wW[f.wordTouched[i]!] = sign;
      }
      for (let i = 0; i < f.nChar; i++) {
        idfC[f.charTouched[i]!] = 1.5;
        wC[f.charTouched[i]!] = sign * 0.5;
      }
    }
  };
  mark(easy, -1);
  mark(hard, 1);
  return {
    format: WEIGHTS_FORMAT,
    hash_bits: 18,
    bias: -1,
    blocks: { word: encodeBlock(idfW, wW), char: encodeBlock(idfC, wC) },
    dense: { names: ['log_input_chars'], mean: [5], std: [1], lo: [-3], hi: [3], weights: [0.5] },
    prior: { names: ['log_code_fences'], weights: [0.3], caps: [2] },
    provenance: { note: 'synthetic test weights' },
  };
}

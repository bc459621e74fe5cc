import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibrationError, configuredCalibration, parseCalibration, weightsSha256 } from './calibration-file.js';

const good = { format: 'switchyard-calibration/1', score_quantiles: [0.1, 0.2, 0.4], weights_sha256: 'abc', source: { trace: 't', requests: 3 }, created_at: 'x' };

describe('calibration files', () => {
  it('accepts a valid table and checks the weights it was made for', () => {
    expect(parseCalibration(good, 'f')).toEqual([0.1, 0.2, 0.4]);
    expect(parseCalibration(good, 'f', 'abc')).toEqual([0.1, 0.2, 0.4]);
    expect(() => parseCalibration(good, 'f', 'def')).toThrow(/made for other router weights/);
  });

  it('names what is wrong', () => {
    expect(() => parseCalibration([], 'f')).toThrow(CalibrationError);
    expect(() => parseCalibration({ ...good, format: 'x' }, 'f')).toThrow(/format must be/);
    expect(() => parseCalibration({ ...good, score_quantiles: [0.5, 0.1] }, 'f')).toThrow(/ascending/);
    expect(() => parseCalibration({ ...good, score_quantiles: [0.1, 1.5] }, 'f')).toThrow(/\[0, 1\]/);
  });

  it('reads files; no path means no table; unreadable files fail with their path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-cal-'));
    const weights = join(dir, 'w.json');
    writeFileSync(weights, '{"w":1}');
    const cal = join(dir, 'c.json');
    writeFileSync(cal, JSON.stringify({ ...good, weights_sha256: weightsSha256(weights) }));
    expect(configuredCalibration(cal, weights)).toEqual([0.1, 0.2, 0.4]);
    expect(configuredCalibration(undefined, weights)).toBeUndefined();
    expect(() => configuredCalibration(join(dir, 'missing.json'), weights)).toThrow(/cannot read calibration .*missing\.json: ENOENT/);
    expect(() => configuredCalibration(cal, join(dir, 'no-weights.json'))).toThrow(/cannot read the router weights/);
    writeFileSync(cal, '{not json');
    expect(() => configuredCalibration(cal, weights)).toThrow(/not valid JSON/);
  });
});

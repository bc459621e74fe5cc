/**
 * Quality-knob calibration files (`switchyard route calibrate` writes them, `router.calibration` reads
 * them): the score quantiles of *your* traffic, so that `quality: q` sends about the share q of it to the
 * premium tier. A table only means something for the weights that scored it, so the file names the
 * weights' sha256 and loading it against other weights fails.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calibrationFromProvenance } from './strategies/auto-threshold.js';

export const CALIBRATION_FORMAT = 'switchyard-calibration/1';

export interface CalibrationFile {
  format: typeof CALIBRATION_FORMAT;
  /** 0%, ..., 100% quantiles of the scores, ascending. */
  score_quantiles: number[];
  /** sha256 of the router weights file that produced the scores. */
  weights_sha256: string;
  /** Where the scores came from. */
  source: { trace: string; requests: number };
  created_at: string;
}

export class CalibrationError extends Error {}

/** sha256 (hex) of a weights file's bytes. */
export function weightsSha256(weightsPath: string): string {
  return createHash('sha256').update(readFileSync(weightsPath)).digest('hex');
}

/** Validates a parsed calibration file; `weightsSha` (when given) must match the one it was made with. */
export function parseCalibration(raw: unknown, source: string, weightsSha?: string): readonly number[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CalibrationError(`${source}: not a calibration file (expected a JSON object)`);
  const o = raw as Record<string, unknown>;
  if (o.format !== CALIBRATION_FORMAT) throw new CalibrationError(`${source}: format must be "${CALIBRATION_FORMAT}"`);
  const table = calibrationFromProvenance(o);
  if (!table) throw new CalibrationError(`${source}: score_quantiles must be at least 2 ascending numbers in [0, 1]`);
  if (weightsSha !== undefined && o.weights_sha256 !== weightsSha) {
    throw new CalibrationError(`${source}: made for other router weights (sha256 ${String(o.weights_sha256).slice(0, 12)}…, these are ${weightsSha.slice(0, 12)}…); run switchyard route calibrate again`);
  }
  return table;
}

/** Reads and validates a calibration file (start-up only: synchronous). */
export function readCalibration(path: string, weightsSha?: string): readonly number[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CalibrationError(`cannot read calibration ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CalibrationError(`${path}: not valid JSON`);
  }
  return parseCalibration(raw, path, weightsSha);
}

/** The table `router.calibration` names, checked against the weights in use; undefined when none is set. */
export function configuredCalibration(calibrationPath: string | undefined, weightsPath: string): readonly number[] | undefined {
  if (!calibrationPath) return undefined;
  let sha: string;
  try {
    sha = weightsSha256(weightsPath);
  } catch (err) {
    throw new CalibrationError(`router.calibration: cannot read the router weights ${weightsPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return readCalibration(calibrationPath, sha);
}

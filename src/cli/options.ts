/** Shared option parsers for commander (throwing CliError keeps failures to one line). */
import { CliError } from './fail.js';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`${name} must be a non-negative integer, got "${value}"`);
    return n;
  };
}

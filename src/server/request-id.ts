/** Request ids: unique per process start and sortable, without crypto on the hot path. */
import { randomBytes } from 'node:crypto';

const prefix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;

export function nextRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}${counter.toString(36).padStart(6, '0')}`;
}

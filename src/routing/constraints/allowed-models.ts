/** A virtual key's allowed models: exact ids or globs (`deepseek-*`), compiled once per list. */
import { globToRegExp } from '../model-map.js';

type Matcher = (modelId: string) => boolean;

const compiled = new WeakMap<readonly string[], Matcher>();

function compile(list: readonly string[]): Matcher {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const p of list) {
    if (p.includes('*') || p.includes('?')) globs.push(globToRegExp(p));
    else exact.add(p);
  }
  return (id) => exact.has(id) || globs.some((g) => g.test(id));
}

/** True when `list` is undefined (no restriction) or names `modelId` exactly or by glob. */
export function isModelAllowed(modelId: string, list: readonly string[] | undefined): boolean {
  if (list === undefined) return true;
  let m = compiled.get(list);
  if (!m) {
    m = compile(list);
    compiled.set(list, m);
  }
  return m(modelId);
}

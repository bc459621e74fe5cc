/**
 * A virtual key's allowed models: exact ids, globs (`deepseek-*`) or regular expressions, compiled once
 * per list. A list may also name routes: a key allowed a route may use every model that route chooses
 * (see `Router.plan`).
 */
import { globToRegExp } from '../model-map.js';

export type AllowedModels = readonly (string | RegExp)[];

type Matcher = (name: string) => boolean;

const compiled = new WeakMap<AllowedModels, Matcher>();

function compile(list: AllowedModels): Matcher {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const p of list) {
    if (p instanceof RegExp) patterns.push(p);
    else if (p.includes('*') || p.includes('?')) patterns.push(globToRegExp(p));
    else exact.add(p);
  }
  return (name) =>
    exact.has(name) ||
    patterns.some((re) => {
      re.lastIndex = 0;
      return re.test(name);
    });
}

/** True when `list` is undefined (no restriction) or names `name` exactly, by glob or by regex. */
export function isModelAllowed(name: string, list: AllowedModels | undefined): boolean {
  if (list === undefined) return true;
  let m = compiled.get(list);
  if (!m) {
    m = compile(list);
    compiled.set(list, m);
  }
  return m(name);
}

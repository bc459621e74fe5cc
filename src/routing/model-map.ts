/**
 * `model_map`: client model names or globs (`claude-*-haiku-*`) mapped to a model id or route, so an
 * unmodified agent asking for a Claude model can be served by a route. First match in file order wins.
 */
export interface CompiledModelMap {
  apply(model: string): string;
}

export function compileModelMap(entries: readonly { pattern: string; target: string }[]): CompiledModelMap {
  if (entries.length === 0) return { apply: (m) => m };
  const exact = new Map<string, string>();
  const globs: { re: RegExp; target: string; order: number }[] = [];
  entries.forEach(({ pattern, target }, order) => {
    if (pattern.includes('*') || pattern.includes('?')) globs.push({ re: globToRegExp(pattern), target, order });
    else if (!exact.has(pattern)) exact.set(pattern, target);
  });
  const orderOf = new Map(entries.map((e, i) => [e.pattern, i] as const));
  return {
    apply(model: string): string {
      const hit = exact.get(model);
      const hitOrder = hit === undefined ? Infinity : (orderOf.get(model) ?? Infinity);
      for (const g of globs) {
        if (g.order > hitOrder) break;
        if (g.re.test(model)) return g.target;
      }
      return hit ?? model;
    },
  };
}

export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

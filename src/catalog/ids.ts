/**
 * Model ids. A maker's own API gets the bare upstream name (`deepseek-chat`, `gemini-2.5-pro`); a host
 * of other vendors' models (Groq, Together, OpenRouter) always gets `provider/upstream`
 * (`together/meta-llama/Llama-3.3-70B-Instruct-Turbo`), so hosted copies never shadow the original.
 */
import { CatalogError } from './errors.js';
import type { CatalogModel } from './types.js';

/** Providers that host other vendors' models; see the rule above. */
export const HOST_PROVIDERS: ReadonlySet<string> = new Set(['groq', 'openrouter', 'together']);

export function isHostProvider(provider: string): boolean {
  return HOST_PROVIDERS.has(provider);
}

export function preferredId(provider: string, upstream: string): string {
  return isHostProvider(provider) ? `${provider}/${upstream}` : upstream;
}

/**
 * Sets `id` on each model. Should two makers publish the same name, the one first in provider order keeps
 * the bare id and the other falls back to `provider/upstream`, so the result never depends on input order.
 */
export function assignIds(models: readonly Omit<CatalogModel, 'id'>[], origin: string): CatalogModel[] {
  const order = [...models].sort((a, b) =>
    a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : a.upstream < b.upstream ? -1 : a.upstream > b.upstream ? 1 : 0,
  );
  const taken = new Set<string>();
  const out: CatalogModel[] = [];
  const errors: string[] = [];
  for (const m of order) {
    let id = preferredId(m.provider, m.upstream);
    if (taken.has(id)) id = `${m.provider}/${m.upstream}`;
    if (taken.has(id)) {
      errors.push(`${m.source}: id "${id}" is already taken`);
      continue;
    }
    taken.add(id);
    out.push({ id, ...m });
  }
  if (errors.length) throw new CatalogError(errors, origin);
  return out;
}

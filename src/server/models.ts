/** `GET /v1/models`: every servable model and route, in OpenAI's list shape. */
import type { Gateway } from '../gateway/gateway.js';

export function modelsBody(gw: Gateway): string {
  const created = 1753315200; // the catalog's as_of date (2026-07-24)
  const data: object[] = [];
  for (const m of gw.registry.available()) {
    data.push({
      id: m.modelId,
      object: 'model',
      created,
      owned_by: m.provider.name,
      switchyard: {
        provider: m.provider.name,
        jurisdiction: m.provider.jurisdiction,
        context_window: m.contextWindow ?? null,
        price_per_million: { input: m.price.input, output: m.price.output, cache_read: m.price.cacheRead ?? null, cache_write: m.price.cacheWrite ?? null },
      },
    });
  }
  for (const r of Object.values(gw.config.routes)) {
    data.push({ id: r.name, object: 'model', created, owned_by: 'switchyard', switchyard: { route: true, strategy: r.strategy, targets: r.targets } });
  }
  return JSON.stringify({ object: 'list', data });
}

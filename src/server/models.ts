/** `GET /v1/models` and `GET /v1/models/{id}`: every servable model and route, in OpenAI's shapes. */
import type { Gateway } from '../gateway/gateway.js';
import type { ModelEntry } from '../routing/registry.js';
import type { RouteConfig } from '../config/types.js';

const CREATED = 1753315200; // the catalog's as_of date (2026-07-24)

function modelObject(m: ModelEntry): object {
  return {
    id: m.modelId,
    object: 'model',
    created: CREATED,
    owned_by: m.provider.name,
    switchyard: {
      provider: m.provider.name,
      jurisdiction: m.provider.jurisdiction,
      context_window: m.contextWindow ?? null,
      price_per_million: { input: m.price.input, output: m.price.output, cache_read: m.price.cacheRead ?? null, cache_write: m.price.cacheWrite ?? null },
    },
  };
}

function routeObject(r: RouteConfig): object {
  return { id: r.name, object: 'model', created: CREATED, owned_by: 'switchyard', switchyard: { route: true, strategy: r.strategy, targets: r.targets } };
}

export function modelsBody(gw: Gateway): string {
  const data: object[] = [];
  for (const m of gw.registry.available()) data.push(modelObject(m));
  for (const r of Object.values(gw.config.routes)) data.push(routeObject(r));
  return JSON.stringify({ object: 'list', data });
}

/** One model or route by id (what `client.models.retrieve(id)` asks for); null when unknown. */
export function modelBody(gw: Gateway, id: string): string | null {
  const route = gw.config.routes[id];
  if (route) return JSON.stringify(routeObject(route));
  const model = gw.registry.get(id) ?? gw.registry.passThrough(id);
  return model ? JSON.stringify(modelObject(model)) : null;
}

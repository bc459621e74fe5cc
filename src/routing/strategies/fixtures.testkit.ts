/** Test fixtures for routing: a small catalog, configs over it, and a scorer whose score the test sets. */
import type { CatalogModel } from '../../catalog/types.js';
import { parseConfig } from '../../config/load.js';
import type { Config } from '../../config/types.js';
import type { ChatMessage, ChatRequest } from '../../spec/chat.js';
import { Router, type RouteContext, type RoutePlan } from '../plan.js';
import { ModelRegistry } from '../registry.js';
import type { Scorer, ScorerMessage } from '../scorer/index.js';
import { createStrategies } from './create-strategies.js';

const caps = (tools: boolean, vision: boolean, json: boolean) => ({ tools, vision, json, reasoning: false });

function model(id: string, provider: string, jurisdiction: string, price: CatalogModel['price'], window: number, maxOut: number, c = caps(true, false, true)): CatalogModel {
  return { id, provider, upstream: id, price, context_window: window, max_output: maxOut, capabilities: c, jurisdiction, as_of: '2026-01-01', source: 'test' };
}

/** cheap-cn (CN, 64k, no vision), mid-cn (CN, no JSON), big-us (US, vision), eu-small (FR), no-tools (US). */
export const TEST_CATALOG: CatalogModel[] = [
  model('cheap-cn', 'deepseek', 'CN', { input: 0.28, output: 0.42, cache_read: 0.028 }, 64_000, 8_192),
  model('mid-cn', 'moonshot', 'CN', { input: 0.6, output: 2.5, cache_read: 0.15 }, 256_000, 32_000, caps(true, true, false)),
  model('big-us', 'anthropic', 'US', { input: 3, output: 15, cache_read: 0.3 }, 200_000, 64_000, caps(true, true, true)),
  model('eu-small', 'mistral', 'FR', { input: 0.1, output: 0.3 }, 128_000, 8_192, caps(true, false, true)),
  model('no-tools', 'openai', 'US', { input: 0.05, output: 0.1 }, 128_000, 16_000, caps(false, false, true)),
  model('orphan', 'groq', 'US', { input: 0.01, output: 0.01 }, 128_000, 8_000),
];

const PROVIDERS = `
providers:
  deepseek: { preset: deepseek, api_key: k }
  moonshot: { preset: moonshot, api_key: k }
  anthropic: { preset: anthropic, api_key: k }
  mistral: { preset: mistral, api_key: k }
  openai: { preset: openai, api_key: k }
`;

/** A config over TEST_CATALOG; `routes` is YAML indented by two spaces under `routes:`. */
export function testConfig(routes: string, extra = ''): Config {
  return parseConfig(`baseline: big-us\n${PROVIDERS}${extra}\nroutes:\n${routes}`, {}, 'test');
}

/** Scores from a marker in the last user message: `[[0.73]]`; 0.5 without one. Counts calls. */
export function markerScorer(): Scorer & { calls: number } {
  const s = {
    calls: 0,
    score(messages: readonly ScorerMessage[]): number {
      s.calls++;
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i]!;
        if (m.role !== 'user' || typeof m.content !== 'string') continue;
        const hit = /\[\[([0-9.]+)\]\]/.exec(m.content);
        return hit ? Number(hit[1]) : 0.5;
      }
      return 0.5;
    },
    explain() {
      throw new Error('not used');
    },
    provenance: {},
    path: 'test',
  };
  return s;
}

export function testRouter(config: Config, scorer: Scorer = markerScorer(), calibration?: readonly number[]): Router {
  const registry = new ModelRegistry(TEST_CATALOG, config);
  return new Router(registry, config, createStrategies({ scorer, ...(calibration ? { calibration } : {}) }));
}

export function userMessage(text: string): ChatMessage[] {
  return [{ role: 'user', content: text }];
}

export function req(model: string, text = 'hello', extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model, messages: userMessage(text), ...extra };
}

/** The model ids of a plan's chain. */
export function ids(plan: RoutePlan): string[] {
  return plan.targets.map((t) => t.modelId);
}

export function planOf(router: Router, request: ChatRequest, ctx: RouteContext = {}): RoutePlan {
  return router.plan(request, ctx);
}

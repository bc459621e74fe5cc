/**
 * The simulator and the live gateway decide alike: the same requests under the same config get the same
 * plan from `switchyard simulate` as from the Router the gateway serves with, and the gateway reports that
 * decision in `x-switchyard-route` / `x-switchyard-decision`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogSync } from '../src/catalog/load.js';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { estimateRequestTokens } from '../src/metering/estimate.js';
import { Router, type RoutePlan } from '../src/routing/plan.js';
import { ModelRegistry } from '../src/routing/registry.js';
import { loadScorer, SHIPPED_WEIGHTS } from '../src/routing/scorer/index.js';
import { createRouter, createStrategies } from '../src/routing/strategies/index.js';
import { contextFor, requestFor } from '../src/simulate/replay.js';
import { readTrace } from '../src/simulate/read-trace.js';
import { planFor } from '../src/simulate/run.js';
import { buildSimulation } from '../src/simulate/scenarios.js';
import type { TraceRecord } from '../src/simulate/trace-types.js';
import type { ChatRequest } from '../src/spec/chat.js';
import { startHarness, type Harness } from './helpers/harness.js';

const EXAMPLE = fileURLToPath(new URL('../examples/routing.yaml', import.meta.url));
const SHARED = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const AGENT_TRACE = `${SHARED}traces/agent_trace.jsonl`;
const ROUTING_DEV = `${SHARED}routing/routellm_gsm8k_dev.jsonl`;
const haveWeights = existsSync(SHIPPED_WEIGHTS);

function exampleConfig(): Config {
  return parseConfig(readFileSync(EXAMPLE, 'utf8'), {}, EXAMPLE);
}

/** The plan, or the error it throws, as comparable data. */
function outcome(fn: () => RoutePlan): unknown {
  try {
    return fn();
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe.skipIf(!haveWeights)('simulator and live router make identical decisions', () => {
  const config = exampleConfig();
  const catalog = loadCatalogSync().models;
  // built the way the gateway builds it: registry + config + strategies with the shipped scorer
  const live = new Router(new ModelRegistry(catalog, config), config, createStrategies({ scorer: () => loadScorer() }));
  const routes = Object.keys(config.routes);

  function compare(records: TraceRecord[]): number {
    const setup = buildSimulation(config, catalog, loadScorer(), records);
    let n = 0;
    for (const rec of records) {
      for (const route of [...routes, 'claude-3-5-haiku-latest', 'deepseek-chat']) {
        const sim = outcome(() => planFor(setup, rec, route));
        const gw = outcome(() => live.plan(requestFor(rec, route), contextFor(rec)));
        expect(sim, `${rec.id} via ${route}`).toEqual(gw);
        n++;
      }
    }
    return n;
  }

  it.skipIf(!existsSync(AGENT_TRACE))('on the agent trace (first 300 calls)', () => {
    expect(live.validate()).toEqual([]);
    expect(compare(readTrace(AGENT_TRACE, { limit: 300 }).records)).toBe(300 * (routes.length + 2));
  });

  it.skipIf(!existsSync(ROUTING_DEV))('on routing data (gsm8k dev)', () => {
    expect(compare(readTrace(ROUTING_DEV).records)).toBeGreaterThan(0);
  });
});

describe.skipIf(!haveWeights)('the gateway reports the router decision', () => {
  let h: Harness;
  let config: Config;
  let router: Router;

  beforeAll(async () => {
    const text = readFileSync(EXAMPLE, 'utf8')
      .replaceAll('${SWITCHYARD_EMULATOR:-http://127.0.0.1:4010}', 'EMU')
      .replace(/^ledger: .*$/m, 'ledger: sqlite:DIR/ledger.db');
    // Until the gateway builds its Router with the strategies, start it without the routes and swap in
    // the router the lead will build in buildGateway (same registry, the full config).
    h = await startHarness(text.slice(0, text.indexOf('\nroutes:')));
    config = parseConfig(text.replaceAll('EMU', h.emulator.url).replaceAll('DIR', h.dir), {}, 'test');
    router = createRouter(new ModelRegistry(loadCatalogSync().models, config), config, { scorer: () => loadScorer() });
    expect(router.validate()).toEqual([]);
    (h.gateway.gateway as { router: Router }).router = router;
  });
  afterAll(async () => {
    await h?.close();
  });

  const cases: Array<{ request: ChatRequest; headers?: Record<string, string> }> = [
    { request: { model: 'smart', messages: [{ role: 'user', content: 'Prove that there are infinitely many primes.' }] } },
    { request: { model: 'smart', messages: [{ role: 'user', content: 'hi' }] }, headers: { 'x-switchyard-quality': '1' } },
    { request: { model: 'budget', messages: [{ role: 'user', content: 'Translate "good morning" to French.' }] } },
    { request: { model: 'eu-only', messages: [{ role: 'user', content: 'Bonjour' }] } },
    { request: { model: 'by-task', messages: [{ role: 'user', content: 'Please refactor this loop.' }] } },
    { request: { model: 'by-task', messages: [{ role: 'user', content: 'hello' }] }, headers: { 'x-team': 'eu' } },
    { request: { model: 'careful', messages: [{ role: 'user', content: 'Give me JSON.' }], response_format: { type: 'json_object' } } },
    { request: { model: 'resilient', messages: [{ role: 'user', content: 'hello' }] }, headers: { 'x-switchyard-jurisdictions': 'US' } },
  ];

  it('sends x-switchyard-route and x-switchyard-decision equal to the simulator plan', async () => {
    for (const { request, headers } of cases) {
      const res = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(request),
      });
      expect(res.status, JSON.stringify(request)).toBe(200);
      await res.text();
      const rec: TraceRecord = {
        line: 1,
        id: request.model,
        format: 'switchyard',
        messages: request.messages,
        request: request.response_format ? { response_format: request.response_format } : {},
        usage: { input: estimateRequestTokens(request), cached: 0, cacheWrite: 0, output: 0 },
      };
      const expected = headers
        ? router.plan(requestFor(rec, request.model), { ...contextFor(rec), headers })
        : planFor(buildSimulation(config, loadCatalogSync().models, loadScorer(), [rec]), rec, request.model);
      expect(res.headers.get('x-switchyard-decision')).toBe(expected.decision);
      expect(res.headers.get('x-switchyard-route')).toBe(expected.route ?? null);
      expect(res.headers.get('x-switchyard-model')).toBe(expected.targets[0]!.modelId);
    }
  });

  it('fails closed with a clear error naming each excluded model', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchyard-jurisdictions': 'JP' },
      body: JSON.stringify({ model: 'resilient', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('no_eligible_model');
    expect(body.error.message).toBe(
      'no eligible model for route "resilient": deepseek-chat (jurisdiction: CN not allowed by header), kimi-k2.5 (jurisdiction: CN not allowed by header), claude-sonnet-4-6 (jurisdiction: US not allowed by header)',
    );
  });
});

/**
 * Start-up: config -> catalog -> registry and router (references validated) -> ledger -> HTTP server.
 * In sandbox mode the provider emulator is started in-process first and every provider points at it.
 */
import type { AddressInfo } from 'node:net';
import { loadCatalog } from '../catalog/load.js';
import { bindSandbox, ConfigError } from '../config/load.js';
import type { Config } from '../config/types.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Gateway } from '../gateway/gateway.js';
import { openLedger } from '../ledger/open.js';
import { openBudgetStore } from '../budgets/index.js';
import { BudgetGuard } from '../gateway/budget-guard.js';
import { KeyCache, openKeyStore } from '../keys/index.js';
import { createRouter } from '../routing/strategies/index.js';
import { loadScorer, SHIPPED_WEIGHTS } from '../routing/scorer/index.js';
import { configuredCalibration } from '../routing/calibration-file.js';
import { ModelRegistry } from '../routing/registry.js';
import { CircuitBreaker } from '../upstream/circuit-breaker.js';
import { closeUpstreamPool } from '../upstream/http-client.js';
import { log } from '../util/log.js';
import { createApp, type App, type RouteHandler } from './app.js';
import { adminRoutes } from './admin-routes.js';
import { anthropicRoutes } from './anthropic-routes.js';

export interface RunningGateway {
  url: string;
  port: number;
  gateway: Gateway;
  app: App;
  emulator?: Emulator;
  /** Drain in-flight requests (up to `timeoutMs`), flush the ledger, release everything. */
  close(timeoutMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Overrides `server.port` (0 picks a free port). */
  port?: number;
  host?: string;
  extraRoutes?: RouteHandler[];
}

export async function buildGateway(config: Config): Promise<Gateway> {
  const catalog = await loadCatalog();
  const registry = new ModelRegistry(catalog.models, config);
  let calibration: readonly number[] | undefined;
  try {
    calibration = configuredCalibration(config.routerCalibration, config.routerWeights ?? SHIPPED_WEIGHTS);
  } catch (err) {
    throw new ConfigError([(err as Error).message], config.source);
  }
  const router = createRouter(registry, config, { scorer: () => loadScorer(config.routerWeights), ...(calibration ? { calibration } : {}) });
  const errors = router.validate();
  if (errors.length) throw new ConfigError(errors, config.source);
  const baselinePrice = registry.priceOf(config.baseline)!;
  // metered at $0 (and refused to USD-budgeted keys): say so once instead of overstating savings in silence
  const unpriced = config.models.filter((m) => registry.get(m.id)?.priced === false).map((m) => m.id);
  if (unpriced.length > 0) log.warn('models without a price are metered at $0; give them price: { input, output } under models[]', { models: unpriced });
  const ledger = openLedger(config.ledger);
  const guard = new BudgetGuard(await openBudgetStore(config.state), config);
  // Virtual keys live with the ledger (same SQLite file or PostgreSQL database); only needed once auth is on.
  const keyStore = config.adminKey ? new KeyCache(openKeyStore(config.ledger)) : null;
  return { config, registry, router, ledger, breaker: new CircuitBreaker(), baselinePrice, guard, keys: keyStore, keyStore };
}

export async function startGateway(config: Config, opts: StartOptions = {}): Promise<RunningGateway> {
  let emulator: Emulator | undefined;
  if (config.sandbox) {
    emulator = await startEmulator({ port: 0 });
    config = bindSandbox(config, emulator.url);
  }
  const gateway = await buildGateway(config);
  const app = createApp(gateway, [adminRoutes, anthropicRoutes, ...(opts.extraRoutes ?? [])]);
  const host = opts.host ?? config.server.host;
  await new Promise<void>((resolve, reject) => {
    app.server.once('error', reject);
    app.server.listen(opts.port ?? config.server.port, host, () => {
      app.server.off('error', reject);
      resolve();
    });
  });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    gateway,
    app,
    ...(emulator ? { emulator } : {}),
    close(timeoutMs = 8_000): Promise<void> {
      closing ??= (async () => {
        await app.drain(timeoutMs);
        await gateway.guard.close().catch((err: unknown) => log.error('budget store close failed', { err: err as Error }));
        await gateway.keyStore?.close().catch((err: unknown) => log.error('key store close failed', { err: err as Error }));
        await gateway.ledger.close().catch((err: unknown) => log.error('ledger flush failed on shutdown', { err: err as Error }));
        await closeUpstreamPool();
        await emulator?.close();
      })();
      return closing;
    },
  };
}

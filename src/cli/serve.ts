/** `switchyard serve`: run the gateway until SIGTERM/SIGINT, then drain, flush the ledger and exit. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { watchedNames } from '../routing/routing-inputs.js';
import { startGateway } from '../server/start.js';
import { tuneV8ForServing } from '../server/v8-tuning.js';
import { log } from '../util/log.js';
import { parsePort } from './options.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (OpenAI- and Anthropic-compatible endpoint)')
    .option('-c, --config <file>', 'YAML config file (default: ./switchyard.yaml, else provider keys from the environment, else sandbox)')
    .option('-p, --port <n>', 'port to listen on (overrides server.port)', parsePort)
    .option('--host <host>', 'address to bind (overrides server.host)')
    .action(async (opts: { config?: string; port?: number; host?: string }) => {
      tuneV8ForServing();
      const config = loadConfig(opts.config);
      const running = await startGateway(config, {
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      });
      const models = running.gateway.registry.available().length;
      const routes = Object.keys(config.routes).length;
      if (config.sandbox) {
        process.stderr.write(
          `\n  SANDBOX MODE: no config file and no provider API keys found.\n` +
            `  Every model is answered by the built-in emulator (fake replies, real prices); nothing leaves this machine.\n` +
            `  For real providers set e.g. DEEPSEEK_API_KEY / ANTHROPIC_API_KEY, or pass --config switchyard.yaml.\n\n`,
        );
      }
      process.stderr.write(
        `  Switchyard listening on ${running.url}  (${models} models, ${routes} routes, config: ${config.source}, ledger: ${config.ledger})\n` +
          `  Try: curl ${running.url}/v1/chat/completions -H 'content-type: application/json' -d '{"model":"deepseek-chat","messages":[{"role":"user","content":"hello"}]}'\n\n`,
      );
      const { unrecorded } = watchedNames(config);
      if (unrecorded.length > 0) {
        log.warn('rules read credential-like names the ledger never records; replays of exported traffic cannot match on them', { names: unrecorded });
      }
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        log.info('shutting down: draining in-flight requests', { signal, inflight: running.app.inflight() });
        const hardExit = setTimeout(() => process.exit(1), 9_500);
        hardExit.unref();
        running.close(8_000).then(
          () => {
            log.info('shutdown complete');
            process.exit(0);
          },
          (err: unknown) => {
            log.error('shutdown failed', { err: err as Error });
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}

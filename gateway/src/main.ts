import { readFile } from 'node:fs/promises';
import { ConfigError } from '@mim/config';
import { createLogger } from '@mim/observability';
import { loadEnv, subgraphUrlsFrom, type GatewayEnv } from './env';
import { createGateway } from './server';

async function main(): Promise<void> {
  let env: GatewayEnv;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`gateway: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL });
  let supergraphSdl: string;
  try {
    supergraphSdl = await readFile(env.SUPERGRAPH_PATH, 'utf8');
  } catch (error) {
    logger.fatal(
      { err: error, path: env.SUPERGRAPH_PATH },
      'cannot read the supergraph; run `npm run compose` or set SUPERGRAPH_PATH',
    );
    process.exit(1);
  }

  const gateway = createGateway({ env, logger, supergraphSdl, subgraphUrls: subgraphUrlsFrom(env) });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    gateway.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  try {
    await gateway.start();
  } catch (error) {
    logger.fatal({ err: error }, 'gateway failed to start');
    await gateway.stop().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error('gateway: fatal error', error);
  process.exit(1);
});

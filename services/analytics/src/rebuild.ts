// `npm run rebuild --workspace @mim/analytics-service`: rebuilds the analytics projections from the event
// history (see ProjectionRebuild for the algorithm), with the service's own settings, while the service
// keeps running. Exits 0 once the new projection is live, 1 on any failure (nothing changes then).
import 'reflect-metadata';
import { ConfigError } from '@mim/config';
import { createLogger } from '@mim/observability';
import { createAnalyticsDataSource } from './data-source';
import { type AnalyticsEnv, readEnv } from './env';
import { createProjectionRebuild } from './modules/rebuild/rebuild.module';

async function main(): Promise<number> {
  let env: AnalyticsEnv;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`analytics rebuild: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const logger = createLogger({ service: 'analytics-rebuild', level: env.LOG_LEVEL });
  const dataSource = createAnalyticsDataSource(env);
  try {
    await dataSource.initialize();
    const result = await createProjectionRebuild({ dataSource, env, logger }).run();
    logger.info(result, 'analytics projections rebuilt');
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'analytics rebuild failed; the live projection is unchanged');
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`analytics rebuild: ${String(error)}\n`);
    process.exit(1);
  },
);

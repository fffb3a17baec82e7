import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

/**
 * The service's DataSource. Schema changes come only from migrations (`synchronize` stays off), and
 * they run explicitly at start-up, or as a separate job when DATABASE_MIGRATE_ON_START is false.
 */
export function createDataSource(options: {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'mim',
    extra: { connectionTimeoutMillis: 5000, statement_timeout: 30_000 },
  });
}

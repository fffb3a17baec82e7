import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { type TestDatabase, createTestDatabase } from './test-database';

type DataSourceOptions = Parameters<typeof createDataSource>[0];

export interface MigratedTestDatabase {
  database: TestDatabase;
  dataSource: DataSource;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh database with the given migrations applied, for tests of one package's tables. */
export async function createMigratedTestDatabase(
  label: string,
  options: Pick<DataSourceOptions, 'entities' | 'migrations' | 'poolSize'>,
): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(label);
  const dataSource = createDataSource({ url: database.url, poolSize: 4, ...options });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    throw error;
  }
  return {
    database,
    dataSource,
    async dispose() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    },
  };
}

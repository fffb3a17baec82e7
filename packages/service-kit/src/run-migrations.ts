import type { DataSource, Migration } from 'typeorm';

/** One key for every service: each has its own database, so the lock never spans two services. */
const migrationLockKey = 7_263_001;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so replicas starting together
 * take turns instead of racing on the same DDL; the later ones find nothing left to apply.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    await runner.release();
  }
}

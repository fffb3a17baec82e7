import 'reflect-metadata';
import { createTestDatabase } from '@mim/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource } from './data-source';
import { runMigrationsExclusively } from './run-migrations';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    // Slow enough that two unserialised runners would both try to create the table.
    await queryRunner.query('SELECT pg_sleep(0.3)');
    await queryRunner.query('CREATE TABLE widget (id int PRIMARY KEY)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widget');
  }
}

describe('runMigrationsExclusively', () => {
  it('lets replicas starting at once apply each migration exactly once', async () => {
    const database = await createTestDatabase('migrations');
    const replicas = [1, 2, 3].map(() =>
      createDataSource({
        url: database.url,
        entities: [],
        migrations: [CreateWidgets1700000000000],
        poolSize: 2,
      }),
    );
    try {
      await Promise.all(replicas.map((replica) => replica.initialize()));
      const applied = await Promise.all(replicas.map((replica) => runMigrationsExclusively(replica)));
      expect(applied.map((migrations) => migrations.length).sort()).toEqual([0, 0, 1]);
      const [row] = await replicas[0]!.query<[{ n: number }]>(
        'SELECT count(*)::int AS n FROM schema_migrations',
      );
      expect(row.n).toBe(1);
    } finally {
      for (const replica of replicas) if (replica.isInitialized) await replica.destroy();
      await database.drop();
    }
  });
});

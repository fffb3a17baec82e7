import { type TestDatabase, createMigratedTestDatabase } from '@mim/testing';
import type { DataSource } from 'typeorm';
import { intakeEntities, intakeMigrations } from './index';
import { PostgresReplayGuard } from './postgres-replay-guard';

describe('PostgresReplayGuard (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ database, dataSource } = await createMigratedTestDatabase('intake_replay', {
      entities: intakeEntities,
      migrations: intakeMigrations,
    }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const inFiveMinutes = () => new Date(Date.now() + 5 * 60_000);

  it('accepts a signature once, and refuses it afterwards from any replica', async () => {
    const replicaA = new PostgresReplayGuard(dataSource);
    const replicaB = new PostgresReplayGuard(dataSource);
    expect(await replicaA.firstSeen('sig-1', inFiveMinutes())).toBe(true);
    expect(await replicaA.firstSeen('sig-1', inFiveMinutes())).toBe(false);
    expect(await replicaB.firstSeen('sig-1', inFiveMinutes())).toBe(false);
    expect(await replicaB.firstSeen('sig-2', inFiveMinutes())).toBe(true);
  });

  it('lets exactly one of many simultaneous presentations through', async () => {
    const guards = [1, 2, 3, 4].map(() => new PostgresReplayGuard(dataSource));
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => guards[i % 4]!.firstSeen('sig-race', inFiveMinutes())),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('takes over an expired leftover, and sweeps expired rows', async () => {
    const guard = new PostgresReplayGuard(dataSource, { sweepIntervalMs: 0 });
    await dataSource.query(`INSERT INTO intake_replay_guard VALUES ('sig-old', now() - interval '1 minute')`);
    await dataSource.query(
      `INSERT INTO intake_replay_guard VALUES ('sig-stale', now() - interval '1 minute')`,
    );
    expect(await guard.firstSeen('sig-old', inFiveMinutes())).toBe(true);
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM intake_replay_guard WHERE expires_at < now()`,
    );
    expect(row!.n).toBe(0);
  });
});

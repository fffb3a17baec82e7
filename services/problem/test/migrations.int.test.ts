import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type MigratedTestDatabase, createMigratedTestDatabase } from '@mim/testing';
import { entities, migrations } from '../src/data-source';

/** The problem-management migration applies on existing data, and reverts without losing problems. */
describe('problem migrations (real PostgreSQL)', () => {
  let db: MigratedTestDatabase;

  beforeAll(async () => {
    db = await createMigratedTestDatabase('problem_migrations', { entities, migrations });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const insertOwned = (id: string, owner: { id: string; name: string } | null) =>
    db.dataSource.query(
      `INSERT INTO problem (id, number, title, description, priority, status, owner_id, owner_name, version)
       VALUES ($1, 'PRB-' || lpad(nextval('problem_number_seq')::text, 6, '0'), 't', 'd', 'P2', 'NEW', $2, $3, 1)`,
      [id, owner?.id ?? null, owner?.name ?? null],
    );

  it('reverts to owners that are never null, and names existing owners when applied again', async () => {
    const [owned, unowned] = [randomUUID(), randomUUID()];
    await insertOwned(owned, { id: 'pm-1', name: 'Pat' });
    await insertOwned(unowned, null);

    await db.dataSource.undoLastMigration();
    const reverted = await db.dataSource.query<Array<{ id: string; owner_id: string }>>(
      `SELECT id, owner_id FROM problem ORDER BY number`,
    );
    expect(reverted).toEqual([
      { id: owned, owner_id: 'pm-1' },
      { id: unowned, owner_id: 'unassigned' },
    ]);

    await db.dataSource.runMigrations();
    const reapplied = await db.dataSource.query<Array<{ owner_id: string; owner_name: string }>>(
      `SELECT owner_id, owner_name FROM problem ORDER BY number`,
    );
    // Owners kept through the round trip get their id as name (the name was not in the old schema).
    expect(reapplied).toEqual([
      { owner_id: 'pm-1', owner_name: 'pm-1' },
      { owner_id: 'unassigned', owner_name: 'unassigned' },
    ]);
  });

  it('refuses a merged pointer on an open problem and half an owner', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await insertOwned(a, null);
    await insertOwned(b, null);
    // TypeORM logs every failed query; these failures are the expected outcome.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(
        db.dataSource.query(`UPDATE problem SET merged_into_id = $1 WHERE id = $2`, [a, b]),
      ).rejects.toThrow(/problem_merged_check/);
      await expect(
        db.dataSource.query(`UPDATE problem SET owner_id = 'x' WHERE id = $1`, [a]),
      ).rejects.toThrow(/problem_owner_check/);
    } finally {
      quiet.mockRestore();
    }
  });
});

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Readers follow changes by the writing transaction, not by a number drawn during it. A revision drawn
 * from a sequence can commit after a higher one was read, and a reader that skips it misses the write;
 * a transaction id can be compared with a snapshot's xmin instead: every transaction below it has
 * finished, so a reader that re-reads rows written at or above its last xmin misses nothing. A trigger
 * stamps every write, whoever makes it (consumers, the rebuild, a bulk load).
 */
export class WrittenByTransaction1763800000520 implements MigrationInterface {
  name = 'WrittenByTransaction1763800000520';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE incident_metrics ADD COLUMN written_xid xid8 NOT NULL DEFAULT pg_current_xact_id()`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_metrics_written_xid_idx ON incident_metrics (written_xid)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION incident_metrics_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.written_xid := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER incident_metrics_stamp BEFORE INSERT OR UPDATE ON incident_metrics
      FOR EACH ROW EXECUTE FUNCTION incident_metrics_stamp()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incident_metrics_stamp ON incident_metrics`);
    await queryRunner.query(`DROP FUNCTION incident_metrics_stamp()`);
    await queryRunner.query(`DROP INDEX incident_metrics_written_xid_idx`);
    await queryRunner.query(`ALTER TABLE incident_metrics DROP COLUMN written_xid`);
  }
}

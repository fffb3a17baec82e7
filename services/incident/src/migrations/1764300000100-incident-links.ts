import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parent and children (modules/incident-link): related incidents linked to their major incident. One
 * row per child, so an incident has at most one parent; `incident_link_parent_idx` reads a parent's
 * children (its resolution resolves them) in link order.
 */
export class IncidentLinks1764300000100 implements MigrationInterface {
  name = 'IncidentLinks1764300000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_link (
        child_id uuid PRIMARY KEY REFERENCES incident (id),
        parent_id uuid NOT NULL REFERENCES incident (id),
        linked_at timestamptz NOT NULL,
        linked_by text NOT NULL,
        CHECK (child_id <> parent_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX incident_link_parent_idx ON incident_link (parent_id, linked_at, child_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_link`);
  }
}

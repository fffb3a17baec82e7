import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Approvers' decisions on change requests: one per approver and change (the key). */
export class CreateChangeApprovals1764100000320 implements MigrationInterface {
  name = 'CreateChangeApprovals1764100000320';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE change_approval (
        change_id uuid NOT NULL REFERENCES change_request (id) ON DELETE CASCADE,
        approver_id text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
        comment text,
        by_change_manager boolean NOT NULL,
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (change_id, approver_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE change_approval`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge reuse (modules/knowledge): trigram similarity of past major incidents' title and symptoms.
 * The extension may already exist (candidate detection uses it too): IF NOT EXISTS keeps both safe. The
 * index covers major incidents only, on the exact expression the query compares.
 */
export class KnowledgeReuse1764300000310 implements MigrationInterface {
  name = 'KnowledgeReuse1764300000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE INDEX incident_major_similarity_idx ON incident
      USING gin ((title || ' ' || coalesce(symptoms, '')) gin_trgm_ops) WHERE is_major`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX incident_major_similarity_idx`);
  }
}

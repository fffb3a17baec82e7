import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A known error: a problem's documented root cause and workaround, found by the service desk through
 * full-text search (the generated `search` column, not mapped here).
 */
@Entity({ name: 'known_error' })
export class KnownError {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'problem_id', type: 'uuid' })
  problemId!: string;

  @Column('text')
  title!: string;

  @Column('text')
  symptoms!: string;

  @Column({ name: 'root_cause', type: 'text' })
  rootCause!: string;

  @Column('text')
  workaround!: string;

  @Column({ name: 'permanent_fix', type: 'text', nullable: true })
  permanentFix!: string | null;

  @Column({ name: 'recorded_by_id', type: 'text' })
  recordedById!: string;

  @Column({ name: 'recorded_by_name', type: 'text' })
  recordedByName!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

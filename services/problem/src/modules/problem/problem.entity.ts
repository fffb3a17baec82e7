import type { Priority } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProblemStatus } from './problem.domain';

/** A problem record. Its `search` column (generated from title and description) is not mapped. */
@Entity({ name: 'problem' })
export class Problem {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  number!: string;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('text')
  priority!: Priority;

  @Column('text')
  status!: ProblemStatus;

  /** The problem manager who owns the record (a user subject); null until one takes it. */
  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId!: string | null;

  @Column({ name: 'owner_name', type: 'text', nullable: true })
  ownerName!: string | null;

  @Column({ name: 'affected_services', type: 'text', array: true })
  affectedServices!: string[];

  /** The incident whose major incident declaration opened this problem (unique); null when opened by hand. */
  @Column({ name: 'origin_incident_id', type: 'uuid', nullable: true })
  originIncidentId!: string | null;

  /** The problem this one was merged into; set only on a CLOSED problem. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @Column('int')
  version!: number;

  /** Set by the service (millisecond precision), so keyset cursors round-trip exactly. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

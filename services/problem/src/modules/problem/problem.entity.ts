import type { Priority } from '@mim/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ProblemStatus } from './problem.domain';

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

  /** The problem manager who owns the record (a user subject). */
  @Column({ name: 'owner_id', type: 'text' })
  ownerId!: string;

  @Column('int')
  version!: number;

  /** Set by the service (millisecond precision), so keyset cursors round-trip exactly. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

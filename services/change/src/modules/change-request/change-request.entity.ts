import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ChangeRisk, ChangeStatus, ChangeType } from './change-request.domain';

@Entity({ name: 'change_request' })
export class ChangeRequest {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  number!: string;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('text')
  type!: ChangeType;

  @Column('text')
  risk!: ChangeRisk;

  @Column('text')
  status!: ChangeStatus;

  @Column({ name: 'implementation_plan', type: 'text' })
  implementationPlan!: string;

  @Column({ name: 'rollback_plan', type: 'text' })
  rollbackPlan!: string;

  @Column({ name: 'test_plan', type: 'text', nullable: true })
  testPlan!: string | null;

  @Column({ name: 'planned_start', type: 'timestamptz' })
  plannedStart!: Date;

  @Column({ name: 'planned_end', type: 'timestamptz' })
  plannedEnd!: Date;

  @Column({ name: 'affected_services', type: 'text', array: true, default: () => "'{}'" })
  affectedServices!: string[];

  @Column({ name: 'requested_by_id', type: 'text' })
  requestedById!: string;

  @Column('int')
  version!: number;

  /** Set by the service (millisecond precision), so keyset cursors round-trip exactly. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

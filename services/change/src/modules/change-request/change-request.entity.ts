import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ChangeImpact, ChangeRisk, ChangeStatus, ChangeType } from './change-request.domain';

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
  impact!: ChangeImpact;

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

  @Column({ name: 'configuration_items', type: 'text', array: true, default: () => "'{}'" })
  configurationItems!: string[];

  @Column({ name: 'requested_by_id', type: 'text' })
  requestedById!: string;

  /** The standard change template it was drafted from; null for normal and emergency changes. */
  @Column({ name: 'template_id', type: 'uuid', nullable: true })
  templateId!: string | null;

  /** The approvals it needs, fixed on submission; null for a standard change and before submission. */
  @Column({ name: 'approval_quorum', type: 'int', nullable: true })
  approvalQuorum!: number | null;

  /** The post-implementation review (all null until it is recorded). */
  @Column({ name: 'review_effective', type: 'boolean', nullable: true })
  reviewEffective!: boolean | null;

  @Column({ name: 'review_summary', type: 'text', nullable: true })
  reviewSummary!: string | null;

  @Column({ name: 'review_follow_ups', type: 'text', array: true, nullable: true })
  reviewFollowUps!: string[] | null;

  @Column({ name: 'reviewed_by_id', type: 'text', nullable: true })
  reviewedById!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column('int')
  version!: number;

  /** Set by the service (millisecond precision), so keyset cursors round-trip exactly. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import type {
  HoldReason,
  Impact,
  IncidentStatus,
  IntakeChannel,
  Priority,
  ResolutionCode,
  SupportTier,
  Urgency,
} from '@mim/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'incident' })
export class Incident {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  number!: string;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  /** What the reporter observes (error messages, who is affected, since when). */
  @Column('text', { nullable: true })
  symptoms!: string | null;

  @Column('text')
  kind!: 'INCIDENT' | 'SERVICE_REQUEST';

  @Column('text')
  channel!: IntakeChannel;

  @Column('text')
  impact!: Impact;

  @Column('text')
  urgency!: Urgency;

  @Column('text')
  priority!: Priority;

  @Column('text')
  status!: IncidentStatus;

  @Column({ name: 'reporter_id', type: 'text' })
  reporterId!: string;

  @Column({ name: 'reporter_name', type: 'text' })
  reporterName!: string;

  @Column({ name: 'reporter_email', type: 'text', nullable: true })
  reporterEmail!: string | null;

  @Column({ name: 'reporter_phone', type: 'text', nullable: true })
  reporterPhone!: string | null;

  @Column({ name: 'affected_services', type: 'text', array: true, default: () => "'{}'" })
  affectedServices!: string[];

  @Column({ name: 'configuration_items', type: 'text', array: true, default: () => "'{}'" })
  configurationItems!: string[];

  /** A top-level code of the category catalogue. */
  @Column('text', { nullable: true })
  category!: string | null;

  /** A code under `category` in the catalogue. */
  @Column('text', { nullable: true })
  subcategory!: string | null;

  @Column({ name: 'support_tier', type: 'text' })
  supportTier!: SupportTier;

  @Column({ name: 'assignment_group', type: 'text', nullable: true })
  assignmentGroup!: string | null;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'assignee_name', type: 'text', nullable: true })
  assigneeName!: string | null;

  /** The manager a hierarchical escalation raised it to. */
  @Column({ name: 'escalation_manager_id', type: 'text', nullable: true })
  escalationManagerId!: string | null;

  @Column({ name: 'escalation_manager_name', type: 'text', nullable: true })
  escalationManagerName!: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'failure_started_at', type: 'timestamptz', nullable: true })
  failureStartedAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolution_code', type: 'text', nullable: true })
  resolutionCode!: ResolutionCode | null;

  @Column({ name: 'resolution_notes', type: 'text', nullable: true })
  resolutionNotes!: string | null;

  @Column({ name: 'hold_reason', type: 'text', nullable: true })
  holdReason!: HoldReason | null;

  @Column({ name: 'hold_note', type: 'text', nullable: true })
  holdNote!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason!: string | null;

  @Column({ name: 'reopen_count', type: 'int', default: 0 })
  reopenCount!: number;

  /** Declared a major incident (modules/major-incident); never undeclared. */
  @Column({ name: 'is_major', type: 'boolean', default: false })
  isMajor!: boolean;

  @Column({ name: 'major_declared_at', type: 'timestamptz', nullable: true })
  majorDeclaredAt!: Date | null;

  /** Who and what the major incident hurts, as the declaration states it. */
  @Column({ name: 'impact_statement', type: 'text', nullable: true })
  impactStatement!: string | null;

  /** When service was restored for users (a workaround or mitigation), before full resolution. */
  @Column({ name: 'service_restored_at', type: 'timestamptz', nullable: true })
  serviceRestoredAt!: Date | null;

  /** Why a major incident was resolved without an implemented fixing change; null otherwise. */
  @Column({ name: 'resolution_without_change_reason', type: 'text', nullable: true })
  resolutionWithoutChangeReason!: string | null;

  @Column('int')
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

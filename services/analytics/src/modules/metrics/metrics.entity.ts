import type { IncidentStatus, IntakeChannel, Priority, SupportTier } from '@mim/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MetricsState } from './metrics.domain';

/** Read model: one row per incident, the merge of its events (see `applyIncidentEvent`). */
@Entity({ name: 'incident_metrics' })
export class IncidentMetrics implements MetricsState {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column('text', { nullable: true })
  number!: string | null;

  @Column('text', { nullable: true })
  kind!: 'INCIDENT' | 'SERVICE_REQUEST' | null;

  @Column('text', { nullable: true })
  priority!: Priority | null;

  @Column('text', { nullable: true })
  channel!: IntakeChannel | null;

  @Column({ name: 'affected_services', type: 'text', array: true, default: () => "'{}'" })
  affectedServices!: string[];

  @Column('text', { nullable: true })
  category!: string | null;

  @Column({ name: 'support_tier', type: 'text', nullable: true })
  supportTier!: SupportTier | null;

  @Column('text', { nullable: true })
  team!: string | null;

  @Column('boolean', { default: false })
  major!: boolean;

  @Column({ name: 'major_declared_at', type: 'timestamptz', nullable: true })
  majorDeclaredAt!: Date | null;

  @Column({ name: 'service_restored_at', type: 'timestamptz', nullable: true })
  serviceRestoredAt!: Date | null;

  @Column({ name: 'first_response_breached', type: 'boolean', default: false })
  firstResponseBreached!: boolean;

  @Column({ name: 'resolution_breached', type: 'boolean', default: false })
  resolutionBreached!: boolean;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;

  @Column({ name: 'failure_started_at', type: 'timestamptz', nullable: true })
  failureStartedAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolution_version', type: 'int', default: 0 })
  resolutionVersion!: number;

  @Column('text', { nullable: true })
  status!: IncidentStatus | null;

  @Column({ name: 'last_aggregate_version', type: 'int', default: 0 })
  lastAggregateVersion!: number;

  @Column({ name: 'priority_version', type: 'int', default: 0 })
  priorityVersion!: number;

  @Column({ name: 'ownership_version', type: 'int', default: 0 })
  ownershipVersion!: number;

  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt!: Date | null;

  /**
   * Bumped on every write (`incident_metrics_revision`): readers follow changes by it. Updatable so that
   * `record` can set it to `nextval(...)` (TypeORM silently drops `update: false` columns from an update).
   */
  @Column({ type: 'bigint', insert: false })
  revision!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

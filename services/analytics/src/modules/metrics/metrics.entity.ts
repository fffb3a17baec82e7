import type { IncidentStatus, IntakeChannel, Priority } from '@mim/contracts';
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

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

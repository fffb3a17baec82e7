import type { Impact, IncidentStatus, IntakeChannel, Priority, Urgency } from '@mim/contracts';
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

  @Column({ name: 'affected_services', type: 'text', array: true, default: () => "'{}'" })
  affectedServices!: string[];

  @Column('text', { nullable: true })
  category!: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'failure_started_at', type: 'timestamptz', nullable: true })
  failureStartedAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolution_notes', type: 'text', nullable: true })
  resolutionNotes!: string | null;

  @Column('int')
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

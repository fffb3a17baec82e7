import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A participant as last known: `role` null once removed (kept, so a late "added" cannot revive them).
 * Team changes do not bump the incident's version, so they are ordered by the event's time instead.
 */
export interface SnapshotParticipant {
  name: string | null;
  role: string | null;
  /** occurredAt of the event that set this, epoch ms. */
  at: number;
}

/** What this service knows of an incident, kept from the incident service's events. */
@Entity({ name: 'incident_snapshot' })
export class IncidentSnapshot {
  @PrimaryColumn('uuid')
  id!: string;

  /** False until incident.created arrives (title, services, reporter are only known from it). */
  @Column({ name: 'created_seen', type: 'boolean' })
  createdSeen!: boolean;

  @Column({ type: 'text', nullable: true })
  number!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  kind!: string | null;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text', nullable: true })
  priority!: string | null;

  @Column('text')
  status!: string;

  @Column('boolean')
  major!: boolean;

  @Column({ name: 'affected_services', type: 'text', array: true })
  affectedServices!: string[];

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ name: 'reporter_id', type: 'text', nullable: true })
  reporterId!: string | null;

  @Column({ name: 'reporter_name', type: 'text', nullable: true })
  reporterName!: string | null;

  @Column({ name: 'reporter_email', type: 'text', nullable: true })
  reporterEmail!: string | null;

  @Column({ name: 'support_tier', type: 'text' })
  supportTier!: 'L1' | 'L2' | 'L3';

  @Column({ name: 'assignment_group', type: 'text', nullable: true })
  assignmentGroup!: string | null;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'assignee_name', type: 'text', nullable: true })
  assigneeName!: string | null;

  @Column({ name: 'impact_statement', type: 'text', nullable: true })
  impactStatement!: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;

  @Column({ type: 'jsonb' })
  participants!: Record<string, SnapshotParticipant>;

  @Column({ name: 'status_version', type: 'integer' })
  statusVersion!: number;

  @Column({ name: 'priority_version', type: 'integer' })
  priorityVersion!: number;

  @Column({ name: 'ownership_version', type: 'integer' })
  ownershipVersion!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

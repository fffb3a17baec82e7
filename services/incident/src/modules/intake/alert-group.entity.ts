import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AlertGroupStatus = 'OPEN' | 'RESOLVED';

/**
 * The alerts of one fingerprint gathered into one incident, from the first firing notification to the
 * resolution. At most one OPEN group per fingerprint (a unique partial index; see `applyAlertWithin`).
 */
@Entity({ name: 'monitoring_alert_group' })
export class AlertGroup {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  fingerprint!: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column('text')
  status!: AlertGroupStatus;

  /** Notifications received for this group (firing ones; Alertmanager repeats them). */
  @Column('int')
  occurrences!: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}

import type { ChangeStatus } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The incident service's own copy of a change that fixes an incident, fed by the change service's
 * events (change.requested.v1, change.status_changed.v1), for its own rule: a major incident is
 * resolved by an implemented change. The change subgraph owns change data (`Incident.changes`); this
 * row is never shown as a change. One row per incident and change, kept when the link is removed
 * (`linked` false), so an older event arriving late cannot bring a removed link back.
 */
@Entity({ name: 'incident_fixing_change' })
export class FixingChange {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @PrimaryColumn({ name: 'change_id', type: 'uuid' })
  changeId!: string;

  /** The change's number, e.g. CHG-000031. */
  @Column('text')
  number!: string;

  /** The change's status as of `statusChangedAt`: the latest one heard of. */
  @Column('text')
  status!: ChangeStatus;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  /** The change's version at that status: breaks ties between events of the same instant. */
  @Column({ name: 'change_version', type: 'int' })
  changeVersion!: number;

  /** Whether the change fixes this incident as of `statusChangedAt` (a link may be removed later). */
  @Column('boolean')
  linked!: boolean;

  /** The change went through IMPLEMENTED (not rejected, not failed and rolled back): known for good. */
  @Column('boolean')
  implemented!: boolean;
}

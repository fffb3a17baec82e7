import type { ParticipantRole } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person on an incident's team, with their role; one row per person and incident. */
@Entity({ name: 'incident_participant' })
export class Participant {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  /** The person's user id (JWT `sub`). */
  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  /** Their display name as given when they were added. */
  @Column('text')
  name!: string;

  @Column('text')
  role!: ParticipantRole;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  /** Who added them (a user id). */
  @Column({ name: 'added_by', type: 'text' })
  addedBy!: string;
}
